using System.Diagnostics.CodeAnalysis;

namespace LeadScoring.Engine.Scoring;

/// <summary>
/// Holds the live ("champion") model and swaps it atomically on promote or rollback, without a restart.
/// Requests take a <see cref="ModelLease"/>; a replaced model's scorer is disposed only when its last lease ends,
/// so in-flight requests finish on the model they started with. The holder owns every model given to it.
/// </summary>
public sealed class ChampionHolder : IDisposable
{
    private volatile Slot? _current;

    /// <summary>The live model (for display); score through <see cref="Acquire"/> so a swap cannot dispose it.</summary>
    public ScoringModel? Current => _current?.Model;

    /// <summary>Makes <paramref name="next"/> live (null unloads); the previous model retires once unleased.</summary>
    public void Swap(ScoringModel? next)
    {
        var previous = Interlocked.Exchange(ref _current, next is null ? null : new Slot(next));
        previous?.Release();
    }

    /// <summary>Leases the live model; throws when none is loaded.</summary>
    public ModelLease Acquire() =>
        TryAcquire(out var lease) ? lease : throw new InvalidOperationException("No model is loaded.");

    /// <summary>Leases the live model, or returns false when none is loaded.</summary>
    public bool TryAcquire([NotNullWhen(true)] out ModelLease? lease)
    {
        while (true)
        {
            var slot = _current;
            if (slot is null)
            {
                lease = null;
                return false;
            }
            // A slot retired between the read and the add-ref has 0 references left; read the new one.
            if (slot.TryAddRef())
            {
                lease = new ModelLease(slot);
                return true;
            }
        }
    }

    /// <summary>Unloads the live model (disposed once unleased).</summary>
    public void Dispose() => Swap(null);

    internal sealed class Slot(ScoringModel model)
    {
        private int _references = 1; // the holder's own reference

        public ScoringModel Model { get; } = model;

        public bool TryAddRef()
        {
            while (true)
            {
                var current = Volatile.Read(ref _references);
                if (current == 0)
                {
                    return false;
                }
                if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
                {
                    return true;
                }
            }
        }

        public void Release()
        {
            if (Interlocked.Decrement(ref _references) == 0)
            {
                Model.Scorer.Dispose();
            }
        }
    }
}

/// <summary>A model in use by one request; dispose it when the request is done (idempotent).</summary>
public sealed class ModelLease : IDisposable
{
    private ChampionHolder.Slot? _slot;

    internal ModelLease(ChampionHolder.Slot slot)
    {
        _slot = slot;
        Model = slot.Model;
    }

    /// <summary>The leased model; valid until this lease is disposed.</summary>
    public ScoringModel Model { get; }

    /// <summary>Ends the lease; the last lease of a retired model disposes its scorer.</summary>
    public void Dispose() => Interlocked.Exchange(ref _slot, null)?.Release();
}
