using LeadScoring.Engine.Scoring;

namespace LeadScoring.Core.Models;

/// <summary>
/// The live shadow challenger, held like the champion: its ONNX session is loaded once when it is marked (or at
/// start-up) and leased per scoring pass, so clearing or replacing it never disposes a session in use.
/// </summary>
public sealed class ChallengerHolder : IDisposable
{
    private readonly ChampionHolder _slot = new();

    /// <summary>The live challenger, or null; score through <see cref="TryAcquire"/>.</summary>
    public ScoringModel? Current => _slot.Current;

    /// <summary>When the live challenger was marked (UTC); null when there is none.</summary>
    public DateTime? Since { get; private set; }

    /// <summary>True when a challenger is live (the request path offers rows only then).</summary>
    public bool IsLive => _slot.Current is not null;

    /// <summary>Makes <paramref name="next"/> the challenger (null clears); the previous one retires once unleased.</summary>
    public void Swap(ScoringModel? next, DateTime? since)
    {
        Since = next is null ? null : since;
        _slot.Swap(next);
    }

    /// <summary>Leases the live challenger, or returns false when there is none.</summary>
    public bool TryAcquire([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ModelLease? lease) => _slot.TryAcquire(out lease);

    public void Dispose() => _slot.Dispose();
}
