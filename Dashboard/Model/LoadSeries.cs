namespace LeadScoring.Dashboard.Model;

/// <summary>Hands out a token per load and cancels the one before, so a superseded reload stops early.</summary>
public sealed class LoadSeries : IDisposable
{
    private CancellationTokenSource? _current;

    public CancellationToken Next()
    {
        var next = new CancellationTokenSource();
        // Cancel only: the previous load may still be observing its token.
        Interlocked.Exchange(ref _current, next)?.Cancel();
        return next.Token;
    }

    public void Dispose() => Interlocked.Exchange(ref _current, null)?.Cancel();
}
