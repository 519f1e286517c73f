using ContractDsl.Runtime.Torch;
using static ContractDsl.Runtime.Torch.torch;

namespace ContractDsl.Runtime.Tests.Torch;

[Collection(TorchCollection.Name)]
public sealed class AutogradTests : TorchTestBase
{
    [Fact]
    public void GradientOfSumOfSquaresIsTwoX()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor x = tensor(new[] { 1f, -2f, 3.5f }, requires_grad: true);
        Assert.True(x.requires_grad);
        Assert.Null(x.grad); // nothing accumulated yet
        Tensor loss = (x * x).sum();
        Assert.True(loss.requires_grad);
        loss.backward();
        Assert.Equal(new[] { 2f, -4f, 7f }, x.grad!.data<float>());

        // Gradients accumulate until zeroed.
        (x * x).sum().backward();
        Assert.Equal(new[] { 4f, -8f, 14f }, x.grad!.data<float>());
        x.zero_grad();
        Assert.Equal(new[] { 0f, 0f, 0f }, x.grad!.data<float>());
    }

    [Fact]
    public void GradientThroughClampIsZeroOutsideTheBounds()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor x = tensor(new[] { -2.0, -0.5, 0.5, 3.0 }, requires_grad: true);
        clamp(x, -1, 1).sum().backward();
        Assert.Equal(new[] { 0.0, 1.0, 1.0, 0.0 }, x.grad!.data<double>());
    }

    [Fact]
    public void BackwardWithAnExplicitGradient()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor x = tensor(new[] { 1.0, 2.0, 3.0 }, requires_grad: true);
        Tensor y = x * 3;
        y.backward(tensor(new[] { 1.0, 10.0, 100.0 }));
        Assert.Equal(new[] { 3.0, 30.0, 300.0 }, x.grad!.data<double>());
        Assert.Throws<TorchException>(() => (x * 2).backward()); // non-scalar output needs a gradient
    }

    [Fact]
    public void BradleyTerryLossAndGradientMatchTheAnalyticForm()
    {
        using DisposeScope scope = NewDisposeScope();
        double[] w = { 1.0, 0.2, -0.5, 4.0 };
        double[] l = { 0.3, 0.4, -1.0, -3.0 };
        double[] pairMargin = { 0.0, 0.1, 0.2, 0.3 };
        const float margin = 0.25f, centering = 0.5f;
        int n = w.Length;
        Tensor rw = tensor(w, requires_grad: true);
        Tensor rl = tensor(l, requires_grad: true);
        Tensor loss = BradleyTerryTorch.Loss(rw, rl, margin, tensor(pairMargin), centering);
        loss.backward();

        double[] d = Enumerable.Range(0, n).Select(i => w[i] - l[i] - margin - pairMargin[i]).ToArray();
        double expected = d.Select(v => Math.Log(1 + Math.Exp(-v))).Average()
                          + centering * Enumerable.Range(0, n).Select(i => (w[i] + l[i]) * (w[i] + l[i])).Average();
        AssertClose(expected, loss.ToDouble(), 1e-6);
        // dL/dr_w = σ(−d)·(−1)/n + c·2(r_w + r_l)/n ; dL/dr_l = σ(−d)/n + c·2(r_w + r_l)/n
        double[] centre = Enumerable.Range(0, n).Select(i => centering * 2 * (w[i] + l[i]) / n).ToArray();
        AssertClose(Enumerable.Range(0, n).Select(i => -Sigmoid(-d[i]) / n + centre[i]).ToArray(), rw.grad!);
        AssertClose(Enumerable.Range(0, n).Select(i => Sigmoid(-d[i]) / n + centre[i]).ToArray(), rl.grad!);
    }

    [Fact]
    public void BradleyTerryDefaultsAndProbability()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor rw = tensor(new[] { 2f, 0f }, requires_grad: true);
        Tensor rl = tensor(new[] { 1f, 0f });
        Tensor loss = BradleyTerryTorch.Loss(rw, rl);
        AssertClose((Math.Log(1 + Math.Exp(-1)) + Math.Log(2)) / 2, loss.ToDouble(), 1e-6);
        loss.backward();
        AssertClose(new[] { -Sigmoid(-1) / 2, -0.5 / 2 }, rw.grad!.ToArray<double>(), 1e-6);
        AssertClose(new[] { Sigmoid(1), 0.5 }, BradleyTerryTorch.Probability(rw, rl).ToArray<double>(), 1e-6);
    }

    [Fact]
    public void NoGradTurnsRecordingOffAndRestoresIt()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor x = tensor(new[] { 1f, 2f }, requires_grad: true);
        Assert.True(is_grad_enabled());
        using (no_grad())
        {
            Assert.False(is_grad_enabled());
            Tensor y = x * 2;
            Assert.False(y.requires_grad);
            using (enable_grad())
            {
                Assert.True((x * 2).requires_grad);
            }
            Assert.False(is_grad_enabled());
        }
        Assert.True(is_grad_enabled());
        Assert.True((x * 2).requires_grad);
        Tensor detached = (x * 2).detach();
        Assert.False(detached.requires_grad);
    }

    [Fact]
    public void SgdStepUpdatesParametersInPlaceUnderNoGrad()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor w = tensor(new[] { 1f, -2f }, requires_grad: true);
        for (int step = 0; step < 3; step++)
        {
            w.zero_grad();
            (w * w).sum().backward();
            Tensor grad = w.grad!;
            // Updating a leaf that requires grad is an autograd error outside no_grad...
            if (step == 0) Assert.Throws<TorchException>(() => w.sub_(grad, 0.1));
            using (no_grad())
            {
                w.sub_(grad, 0.1); // w ← w − 0.1·2w = 0.8·w
            }
        }
        float[] expected = { 1f * 0.512f, -2f * 0.512f };
        AssertClose(expected.Select(v => (double)v).ToArray(), w, 1e-6);
        Assert.True(w.requires_grad);
        using (no_grad())
        {
            w.add_(ones(2), alpha: 2).mul_(0.5);
        }
        AssertClose(new[] { (0.512 + 2) * 0.5, (-1.024 + 2) * 0.5 }, w, 1e-6);
        Tensor copy = w.clone();
        copy.zero_();
        Assert.Equal(new[] { 0f, 0f }, copy.data<float>());
        Assert.NotEqual(new[] { 0f, 0f }, w.data<float>()); // clone does not share storage
    }

    [Fact]
    public void RequiresGradOnAnIntegerTensorIsATorchError()
    {
        using Tensor ints = tensor(new long[] { 1, 2 });
        TorchException error = Assert.Throws<TorchException>(() => ints.requires_grad = true);
        Assert.Contains("floating point", error.Message);
        using Tensor floats = tensor(new[] { 1f });
        Assert.Same(floats, floats.requires_grad_());
        Assert.True(floats.requires_grad);
        floats.requires_grad = false;
        Assert.False(floats.requires_grad);
    }
}
