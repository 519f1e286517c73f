using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace ContractDsl.Runtime
{
    /// <summary>
    /// How a generated module spreads one evaluation over threads (its <c>Parallelism</c> property). A batch of at least
    /// <see cref="MinimumSamples"/> samples is evaluated by up to <see cref="MaxThreads"/> threads — the caller's and
    /// workers kept by the runtime — each taking chunks of the batch in turn and writing into the caller's buffers; a
    /// smaller batch, or a batch evaluated while another evaluation already has the workers, runs on the calling
    /// thread. Every sample's outputs are bit-identical whichever thread evaluated it and however the batch was
    /// chunked, and a parallel evaluation allocates nothing once the workers exist.
    /// </summary>
    public sealed class EvaluationParallelism
    {
        /// <summary>
        /// The default <see cref="MinimumSamples"/>: below about this many samples, waking a worker thread costs more than
        /// it saves (docs/benchmarks.md measures where two threads start to pay off).
        /// </summary>
        public const int DefaultMinimumSamples = 1 << 15;

        /// <summary>
        /// The default <see cref="WorkerSpin"/>: 1 ms. Waking a blocked thread took 0.08–1.9 ms on the 2-core VM the
        /// benchmarks ran on (longer the longer its core had been idle; docs/benchmarks.md), as long as a whole evaluation of
        /// 10^5 samples, so that the helpers of back-to-back evaluations arrived too late to help.
        /// </summary>
        public static TimeSpan DefaultWorkerSpin => TimeSpan.FromMilliseconds(1);

        /// <summary>At most <paramref name="maxThreads"/> threads (the caller's included) for a batch of at least <paramref name="minimumSamples"/> samples.</summary>
        public EvaluationParallelism(int maxThreads, int minimumSamples = DefaultMinimumSamples) : this(maxThreads, minimumSamples, DefaultWorkerSpin)
        {
        }

        /// <summary>
        /// At most <paramref name="maxThreads"/> threads (the caller's included) for a batch of at least
        /// <paramref name="minimumSamples"/> samples; after its part of an evaluation, a worker waits for the next one
        /// spinning for <paramref name="workerSpin"/> before it blocks (<see cref="TimeSpan.Zero"/>: it blocks at once).
        /// </summary>
        public EvaluationParallelism(int maxThreads, int minimumSamples, TimeSpan workerSpin)
        {
            if (maxThreads < 1 || maxThreads > MaxWorkers + 1) throw new ArgumentOutOfRangeException(nameof(maxThreads), maxThreads, $"must be in [1, {MaxWorkers + 1}]");
            if (minimumSamples < 0) throw new ArgumentOutOfRangeException(nameof(minimumSamples), minimumSamples, "must be at least 0");
            if (workerSpin < TimeSpan.Zero || workerSpin > MaxWorkerSpin)
                throw new ArgumentOutOfRangeException(nameof(workerSpin), workerSpin, $"must be in [0, {MaxWorkerSpin.TotalMilliseconds} ms]");
            MaxThreads = maxThreads;
            MinimumSamples = minimumSamples;
            WorkerSpin = workerSpin;
        }

        /// <summary>One thread per core (<see cref="Environment.ProcessorCount"/>) for batches of <see cref="DefaultMinimumSamples"/> samples and more.</summary>
        public static EvaluationParallelism Default { get; } = new EvaluationParallelism(Math.Min(Environment.ProcessorCount, MaxWorkers + 1));

        /// <summary>Every evaluation on the calling thread.</summary>
        public static EvaluationParallelism SingleThread { get; } = new EvaluationParallelism(1);

        /// <summary>The most threads one evaluation uses, the caller's included.</summary>
        public int MaxThreads { get; }

        /// <summary>Batches smaller than this are evaluated on the calling thread.</summary>
        public int MinimumSamples { get; }

        /// <summary>
        /// How long a worker that helped with an evaluation keeps polling for the next one before it blocks: an evaluation
        /// that follows within this time starts with its helpers already running instead of waking them. The cost is up to
        /// this much of each helper's core after an evaluation that no other follows.
        /// </summary>
        public TimeSpan WorkerSpin { get; }

        /// <summary>The longest <see cref="WorkerSpin"/> allowed.</summary>
        public static TimeSpan MaxWorkerSpin => TimeSpan.FromMilliseconds(100);

        /// <summary>The largest number of worker threads the runtime keeps.</summary>
        internal const int MaxWorkers = 255;

        /// <summary>
        /// How many threads a batch of <paramref name="count"/> samples is worth: 1 below <see cref="MinimumSamples"/>, else
        /// up to one per chunk of the smallest size (<see cref="ParallelEvaluation.ThreadsWorth"/>, which the evaluation
        /// itself applies too).
        /// </summary>
        public int ThreadsFor(int count) =>
            MaxThreads == 1 || count < MinimumSamples ? 1 : ParallelEvaluation.ThreadsWorth(count, MaxThreads);

        /// <inheritdoc/>
        public override string ToString() => $"up to {MaxThreads} thread(s) from {MinimumSamples} samples, workers spinning {WorkerSpin.TotalMilliseconds} ms";
    }

    /// <summary>
    /// A generated module's batch seen as raw columns, so that <see cref="ParallelEvaluation"/> can pin them for the
    /// duration of one evaluation (a batch is a <c>ref struct</c> of spans, which worker threads cannot hold). The
    /// generated <c>Batch</c> implements it explicitly; nothing else needs to.
    /// </summary>
    public interface IBatchColumns
    {
        /// <summary>Number of samples.</summary>
        int Count { get; }

        /// <summary>Number of columns.</summary>
        int ColumnCount { get; }

        /// <summary>Column <paramref name="index"/>'s values as bytes.</summary>
        ReadOnlySpan<byte> Column(int index);
    }

    /// <summary>
    /// The batch and output buffers of one parallel evaluation, pinned by the calling thread while workers evaluate parts
    /// of them: a generated module rebuilds its <c>Batch</c> and <see cref="RewardOutputSpans"/> from it on each worker.
    /// Valid only inside <see cref="ParallelEvaluation.RangeKernel"/>.
    /// </summary>
    public readonly unsafe ref struct PinnedBatch
    {
        private readonly ParallelEvaluation.Job _job;

        internal PinnedBatch(ParallelEvaluation.Job job) => _job = job;

        /// <summary>Number of samples of the whole batch.</summary>
        public int Count => _job.Count;

        /// <summary>Column <paramref name="index"/> of the batch, as its element type.</summary>
        public ReadOnlySpan<T> Column<T>(int index) where T : unmanaged =>
            new ReadOnlySpan<T>((void*)_job.Columns[index], _job.ColumnBytes[index] / sizeof(T));

        /// <summary>The caller's output buffers for the whole batch.</summary>
        public RewardOutputSpans Outputs
        {
            get
            {
                int n = _job.Count, cells = _job.Count * _job.NormCount;
                return new RewardOutputSpans(
                    new Span<float>((void*)_job.Total, n), new Span<float>((void*)_job.Base, n), new Span<float>((void*)_job.Contributions, cells),
                    new Span<bool>((void*)_job.Active, cells), new Span<float>((void*)_job.Uncertainty, n), new Span<RewardReasons>((void*)_job.Reasons, n));
            }
        }

        /// <summary>The params as the calling thread read them at the start of the evaluation, in declaration order.</summary>
        public float Parameter(int index) => _job.Parameters[index];
    }

    /// <summary>
    /// Runs a generated module's kernel over one batch on several threads: the caller pins the batch's columns and the
    /// output buffers, then it and up to <c>threads − 1</c> workers (background threads the runtime starts once and keeps)
    /// take chunks of <see cref="ChunkAlignment"/>-multiple samples from a shared counter until none are left, each a share
    /// of what is left (so they shrink towards the end): a thread that the machine's other load delays does less of the
    /// work rather than holding up the rest. The caller returns when every chunk is done; the pins end with it.
    /// Allocation-free once the workers exist.
    /// </summary>
    public static unsafe class ParallelEvaluation
    {
        /// <summary>Evaluates samples [start, end) of the pinned batch into its outputs.</summary>
        public delegate void RangeKernel(in PinnedBatch batch, int start, int end);

        /// <summary>
        /// Chunks start at multiples of this many samples: every chunk but the last is a whole number of vectors, and
        /// chunks write whole cache lines of every output column whose start is aligned (no false sharing between threads
        /// at chunk edges, for the byte columns as for the float ones).
        /// </summary>
        public const int ChunkAlignment = 256;

        /// <summary>The largest chunk: small enough that a delayed thread leaves little behind, large enough that claiming one costs nothing.</summary>
        private const int MaxChunk = 32 * 1024;

        /// <summary>The smallest chunk (but the batch's last): claiming one costs one atomic addition, a few nanoseconds against its microseconds of work.</summary>
        public const int MinChunk = 4 * ChunkAlignment;

        /// <summary>
        /// At most <paramref name="maxThreads"/>, and no more threads than chunks of the smallest size in
        /// <paramref name="count"/> samples: a thread more would find nothing to take. Decided here only, for
        /// <see cref="EvaluationParallelism.ThreadsFor"/> and for the helpers an evaluation wakes.
        /// </summary>
        internal static int ThreadsWorth(int count, int maxThreads) =>
            Math.Max(1, Math.Min(maxThreads, (int)(((long)count + MinChunk - 1) / MinChunk)));

        private static readonly object Gate = new object();
        private static int _busy;
        private static readonly Job Current = new Job();
        private static Worker[] _workers = Array.Empty<Worker>();

        /// <summary>
        /// Evaluates the whole batch with <paramref name="kernel"/> on up to <paramref name="threads"/> threads (the caller's
        /// included), <paramref name="parameters"/> being the params the caller read, and returns true; returns false,
        /// having done nothing, when another parallel evaluation holds the workers (the caller then evaluates the batch
        /// itself). The caller must have validated the batch and the outputs.
        /// </summary>
        public static bool TryRun<TBatch>(scoped in TBatch batch, RewardOutputSpans outputs, ReadOnlySpan<float> parameters, int threads, RangeKernel kernel)
            where TBatch : IBatchColumns, allows ref struct =>
            TryRun(batch, outputs, parameters, threads, kernel, EvaluationParallelism.DefaultWorkerSpin);

        /// <summary>
        /// <see cref="TryRun{TBatch}(in TBatch, RewardOutputSpans, ReadOnlySpan{float}, int, RangeKernel)"/>, the workers
        /// spinning for <paramref name="workerSpin"/> afterwards (<see cref="EvaluationParallelism.WorkerSpin"/>).
        /// </summary>
        public static bool TryRun<TBatch>(scoped in TBatch batch, RewardOutputSpans outputs, ReadOnlySpan<float> parameters, int threads, RangeKernel kernel,
            TimeSpan workerSpin)
            where TBatch : IBatchColumns, allows ref struct
        {
            if (kernel is null) throw new ArgumentNullException(nameof(kernel));
            if (threads < 2) throw new ArgumentOutOfRangeException(nameof(threads), threads, "a parallel evaluation needs at least 2 threads");
            if (workerSpin < TimeSpan.Zero || workerSpin > EvaluationParallelism.MaxWorkerSpin)
                throw new ArgumentOutOfRangeException(nameof(workerSpin), workerSpin, $"must be in [0, {EvaluationParallelism.MaxWorkerSpin.TotalMilliseconds} ms]");
            if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0) return false;
            try
            {
                Current.SpinTicks = workerSpin <= TimeSpan.Zero ? 0 : (long)(workerSpin.TotalSeconds * Stopwatch.Frequency);
                PinAndRun(batch, outputs, parameters, Math.Min(threads, EvaluationParallelism.MaxWorkers + 1), kernel, Current, 0);
                return true;
            }
            finally
            {
                Volatile.Write(ref _busy, 0);
            }
        }

        /// <summary>Pins column <paramref name="index"/> and recurses; with every column pinned, pins the outputs and runs.</summary>
        private static void PinAndRun<TBatch>(scoped in TBatch batch, RewardOutputSpans outputs, ReadOnlySpan<float> parameters, int threads, RangeKernel kernel, Job job, int index)
            where TBatch : IBatchColumns, allows ref struct
        {
            if (index == 0) job.Reset(batch.Count, batch.ColumnCount, outputs.Contributions.Length / Math.Max(1, batch.Count), parameters);
            if (index < batch.ColumnCount)
            {
                var column = batch.Column(index);
                fixed (byte* start = column)
                {
                    job.Columns[index] = (nint)start;
                    job.ColumnBytes[index] = column.Length;
                    PinAndRun(batch, outputs, parameters, threads, kernel, job, index + 1);
                }
                return;
            }
            fixed (float* total = outputs.Total, @base = outputs.Base, contributions = outputs.Contributions, uncertainty = outputs.Uncertainty)
            fixed (bool* active = outputs.Active)
            fixed (RewardReasons* reasons = outputs.Reasons)
            {
                job.Total = (nint)total;
                job.Base = (nint)@base;
                job.Contributions = (nint)contributions;
                job.Active = (nint)active;
                job.Uncertainty = (nint)uncertainty;
                job.Reasons = (nint)reasons;
                job.Kernel = kernel;
                try
                {
                    Execute(job, threads);
                }
                finally
                {
                    job.Kernel = null; // nothing of this evaluation stays reachable from the shared job
                }
            }
        }

        /// <summary>The caller's part: wake helpers, take chunks, then cancel the helpers that have not started and wait for the rest.</summary>
        private static void Execute(Job job, int threads)
        {
            job.Threads = threads;
            job.NextStart = 0;
            int helpers = ThreadsWorth(job.Count, threads) - 1;
            var workers = helpers > 0 ? Workers(helpers) : Array.Empty<Worker>();
            for (int w = 0; w < helpers; w++) workers[w].Wake(job);

            job.RunChunks();

            for (int w = 0; w < helpers; w++) workers[w].CancelOrJoin();
            if (job.Failure is { } failure)
            {
                job.Failure = null;
                failure.Throw();
            }
        }

        /// <summary>
        /// Bytes the workers have allocated so far, each counting its own thread's allocations after every evaluation it took
        /// part in: with the calling thread's own count (<see cref="GC.GetAllocatedBytesForCurrentThread"/>), what a parallel
        /// evaluation allocated — which, once the workers exist, is nothing. (A process-wide count would also see other threads.)
        /// </summary>
        public static long WorkerAllocatedBytes
        {
            get
            {
                long total = 0;
                foreach (var worker in Volatile.Read(ref _workers)) total += worker.AllocatedBytes;
                return total;
            }
        }

        private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

        /// <summary>
        /// The next chunk's size when <paramref name="remaining"/> samples are unclaimed (guided scheduling): a share of
        /// what is left, so chunks shrink towards the end and a thread that finishes early never waits long for one that
        /// the machine slowed down (a helper on a busy core, or one that started late) to finish its last chunk. A multiple
        /// of <see cref="ChunkAlignment"/>, from <see cref="MinChunk"/> to <see cref="MaxChunk"/>.
        /// </summary>
        internal static int ChunkSize(int remaining, int threads) =>
            Math.Min(MaxChunk, Math.Max(MinChunk, RoundUp(Math.Max(1, remaining / (2 * threads)), ChunkAlignment)));

        /// <summary>At least <paramref name="count"/> started workers.</summary>
        private static Worker[] Workers(int count)
        {
            var workers = Volatile.Read(ref _workers);
            if (workers.Length >= count) return workers;
            lock (Gate)
            {
                workers = _workers;
                if (workers.Length >= count) return workers;
                var grown = new Worker[count];
                Array.Copy(workers, grown, workers.Length);
                for (int w = workers.Length; w < count; w++) grown[w] = new Worker(w);
                Volatile.Write(ref _workers, grown);
                return grown;
            }
        }

        /// <summary>The state of one parallel evaluation: pinned addresses, params, the chunk counter. One is reused for every evaluation that gets the workers.</summary>
        internal sealed class Job
        {
            public nint[] Columns = Array.Empty<nint>();
            public int[] ColumnBytes = Array.Empty<int>();
            public float[] Parameters = Array.Empty<float>();
            public nint Total, Base, Contributions, Active, Uncertainty, Reasons;
            public int Count, NormCount, Threads;
            /// <summary>The first sample no thread has claimed yet (a multiple of <see cref="ChunkAlignment"/>, or past the end).</summary>
            public long NextStart;
            /// <summary>How long (in <see cref="Stopwatch"/> ticks) a worker polls for the next evaluation after this one.</summary>
            public long SpinTicks;
            public RangeKernel? Kernel;
            public ExceptionDispatchInfo? Failure;

            public void Reset(int count, int columns, int normCount, ReadOnlySpan<float> parameters)
            {
                Count = count;
                NormCount = normCount;
                if (Columns.Length < columns)
                {
                    Columns = new nint[columns];
                    ColumnBytes = new int[columns];
                }
                if (Parameters.Length < parameters.Length) Parameters = new float[parameters.Length];
                parameters.CopyTo(Parameters);
                Failure = null;
            }

            /// <summary>Takes chunks until none are left; a failure is kept for the caller and stops this thread's part.</summary>
            public void RunChunks()
            {
                var kernel = Kernel!;
                var view = new PinnedBatch(this);
                try
                {
                    while (true)
                    {
                        int size = ChunkSize((int)Math.Max(0, Count - Volatile.Read(ref NextStart)), Threads);
                        long start = Interlocked.Add(ref NextStart, size) - size;
                        if (start >= Count) return;
                        kernel(view, (int)start, (int)Math.Min(Count, start + size));
                    }
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref Failure, ExceptionDispatchInfo.Capture(e), null);
                    Volatile.Write(ref NextStart, long.MaxValue / 2); // the others stop after their current chunk
                }
            }
        }

        /// <summary>
        /// A background thread that helps with the current job when woken. Its state: idle (0), woken (1: a job is
        /// waiting for it), running (2). The caller cancels a wake the worker has not acted on yet (1 → 0), so a worker that
        /// the scheduler starts late never delays the caller; a late wake-up then finds itself cancelled and waits again.
        /// </summary>
        /// <remarks>
        /// After a job the worker polls its state for the job's spin time before it blocks: blocking and being woken cost
        /// 0.08–1.9 ms on the benchmarks' VM (docs/benchmarks.md). The caller signals the semaphore only when the worker has
        /// said it is blocking (<c>_blocking</c>), and claims that flag (one signal per blocking period); both sides write
        /// before they read the other's (full fences), so a wake is never lost: a worker that saw no wake blocks on a
        /// semaphore the caller then signals, and one that saw it proceeds, leaving at most one spare signal, which its next
        /// wait consumes and ignores (the state is not "woken").
        /// </remarks>
        private sealed class Worker
        {
            private const int Idle = 0, Woken = 1, Running = 2;
            private readonly SemaphoreSlim _signal = new SemaphoreSlim(0);
            private int _state;
            private int _blocking;
            private long _allocatedBytes;
            private Job? _job;

            public Worker(int index)
            {
                var thread = new Thread(Loop) { IsBackground = true, Name = "ContractDsl evaluation worker " + index };
                thread.Start();
            }

            public void Wake(Job job)
            {
                _job = job;
                Interlocked.Exchange(ref _state, Woken);
                // Claim the flag: one signal per blocking period, however many wakes the caller cancels meanwhile.
                if (Interlocked.Exchange(ref _blocking, 0) != 0) _signal.Release();
            }

            /// <summary>This worker thread's allocations, as of the end of its last evaluation.</summary>
            public long AllocatedBytes => Volatile.Read(ref _allocatedBytes);

            /// <summary>Cancels the wake if the worker has not started on it; otherwise waits until it has finished.</summary>
            public void CancelOrJoin()
            {
                if (Interlocked.CompareExchange(ref _state, Idle, Woken) == Woken) return;
                // Never Thread.Sleep(1) (SpinWait's default after a few rounds): the worker is on its last chunk, microseconds
                // away, and a 1 ms sleep took 1-2 ms on the benchmarks' VM, longer than a whole evaluation of 10^4 samples.
                var spinner = new SpinWait();
                while (Volatile.Read(ref _state) != Idle) spinner.SpinOnce(sleep1Threshold: -1);
            }

            private void Loop()
            {
                long spinTicks = 0;
                while (true)
                {
                    if (!Polled(spinTicks))
                    {
                        Interlocked.Exchange(ref _blocking, 1);
                        if (Volatile.Read(ref _state) != Woken) _signal.Wait();
                        Volatile.Write(ref _blocking, 0);
                    }
                    if (Interlocked.CompareExchange(ref _state, Running, Woken) != Woken)
                    {
                        spinTicks = 0; // cancelled, or a spare signal: block again without polling (polling follows a job only)
                        continue;
                    }
                    var job = _job!;
                    spinTicks = job.SpinTicks;
                    job.RunChunks();
                    Volatile.Write(ref _allocatedBytes, GC.GetAllocatedBytesForCurrentThread());
                    Volatile.Write(ref _state, Idle);
                }
            }

            /// <summary>Whether a wake came within <paramref name="spinTicks"/> of now, polling without yielding the core.</summary>
            private bool Polled(long spinTicks)
            {
                if (spinTicks <= 0) return false;
                long deadline = Stopwatch.GetTimestamp() + spinTicks;
                do
                {
                    for (int i = 0; i < 64; i++)
                    {
                        if (Volatile.Read(ref _state) == Woken) return true;
                        Thread.SpinWait(8);
                    }
                }
                while (Stopwatch.GetTimestamp() < deadline);
                return Volatile.Read(ref _state) == Woken;
            }
        }
    }
}
