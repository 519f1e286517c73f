using System;
using System.Collections.Generic;

namespace ContractDsl.Runtime.Torch
{
    /// <summary>
    /// Disposes, when it is disposed, every tensor created on this thread while it was the innermost
    /// scope (TorchSharp's <c>DisposeScope</c>). Create one with <see cref="torch.NewDisposeScope"/> in a
    /// <c>using</c>; keep a result alive with <see cref="torch.Tensor.MoveToOuterDisposeScope"/> or
    /// <see cref="torch.Tensor.DetachFromDisposeScope"/>. Scopes nest; they are per thread and not thread-safe.
    /// </summary>
    public sealed class DisposeScope : IDisposable
    {
        private readonly DisposeScopeManager _manager;
        private HashSet<torch.Tensor> _tensors = new(ReferenceEqualityComparer.Instance);

        internal DisposeScope(DisposeScopeManager manager)
        {
            _manager = manager;
        }

        /// <summary>The number of tensors this scope will dispose.</summary>
        public int DisposablesCount => _tensors.Count;

        /// <summary>True once the scope has been disposed.</summary>
        public bool IsDisposed { get; private set; }

        /// <summary>The scope that tensors move to with <see cref="MoveToOuter"/> (null: none).</summary>
        public DisposeScope? OuterScope => _manager.OuterOf(this);

        /// <summary>Puts a tensor (created elsewhere) under this scope, taking it from its current scope.</summary>
        public torch.Tensor Include(torch.Tensor tensor)
        {
            ArgumentNullException.ThrowIfNull(tensor);
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            tensor.OwningDisposeScope?.Remove(tensor);
            Add(tensor);
            return tensor;
        }

        /// <summary>Moves a tensor of this scope to the outer scope (or to no scope when there is none).</summary>
        public torch.Tensor MoveToOuter(torch.Tensor tensor)
        {
            ArgumentNullException.ThrowIfNull(tensor);
            if (_tensors.Remove(tensor))
            {
                tensor.OwningDisposeScope = null;
                OuterScope?.Add(tensor);
            }
            return tensor;
        }

        /// <summary>Takes a tensor out of every scope: the caller now owns it.</summary>
        public torch.Tensor Detach(torch.Tensor tensor)
        {
            ArgumentNullException.ThrowIfNull(tensor);
            if (_tensors.Remove(tensor)) tensor.OwningDisposeScope = null;
            return tensor;
        }

        /// <summary>Disposes every tensor of the scope now; the scope stays usable.</summary>
        public void DisposeEverything() => DisposeEverythingBut(Array.Empty<torch.Tensor>());

        /// <summary>Disposes every tensor of the scope except <paramref name="keep"/>, which stay in it.</summary>
        public void DisposeEverythingBut(params torch.Tensor[] keep)
        {
            ArgumentNullException.ThrowIfNull(keep);
            var old = _tensors;
            _tensors = new HashSet<torch.Tensor>(ReferenceEqualityComparer.Instance);
            foreach (torch.Tensor tensor in keep)
            {
                if (old.Remove(tensor)) _tensors.Add(tensor);
            }
            foreach (torch.Tensor tensor in old)
            {
                tensor.OwningDisposeScope = null; // no call back into this scope while iterating
                tensor.Dispose();
            }
        }

        /// <summary>Disposes the scope's tensors and ends the scope.</summary>
        public void Dispose()
        {
            if (IsDisposed) return;
            DisposeEverything();
            IsDisposed = true;
            _manager.Remove(this);
        }

        internal void Add(torch.Tensor tensor)
        {
            _tensors.Add(tensor);
            tensor.OwningDisposeScope = this;
        }

        internal void Remove(torch.Tensor tensor)
        {
            _tensors.Remove(tensor);
            tensor.OwningDisposeScope = null;
        }
    }

    /// <summary>The per-thread stack of dispose scopes.</summary>
    internal sealed class DisposeScopeManager
    {
        [ThreadStatic] private static DisposeScopeManager? t_current;

        private readonly List<DisposeScope> _stack = new();

        internal static DisposeScopeManager Current => t_current ??= new DisposeScopeManager();

        /// <summary>Registers a new tensor with the innermost scope of this thread, if any.</summary>
        internal static void Register(torch.Tensor tensor)
        {
            DisposeScopeManager? manager = t_current;
            if (manager is null || manager._stack.Count == 0) return;
            manager._stack[^1].Add(tensor);
        }

        internal DisposeScope Push()
        {
            var scope = new DisposeScope(this);
            _stack.Add(scope);
            return scope;
        }

        internal void Remove(DisposeScope scope)
        {
            int at = _stack.LastIndexOf(scope);
            if (at >= 0) _stack.RemoveAt(at);
        }

        internal DisposeScope? OuterOf(DisposeScope scope)
        {
            int at = _stack.LastIndexOf(scope);
            return at > 0 ? _stack[at - 1] : null;
        }
    }
}
