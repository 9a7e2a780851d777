namespace LeadScoring.Engine.Explanations;

/// <summary>
/// Shapley weights of the one-leaf games of interventional TreeSHAP. For a foreground/background pair, a leaf with
/// value v pays v exactly when every feature in A (satisfied by x only) comes from x and no feature in B (satisfied
/// by b only) does; that game gives each j ∈ A v·(|A|−1)!|B|!/(|A|+|B|)! and each j ∈ B −v·|A|!(|B|−1)!/(|A|+|B|)!.
/// </summary>
internal static class ShapleyWeights
{
    public const int MaxPlayers = 64;

    // s_inverseBinomial[a, b] = 1 / C(a + b, a).
    private static readonly double[,] s_inverseBinomial = Build();

    /// <summary>(a−1)! b! / (a+b)!, the weight of each of the a features that only x satisfies.</summary>
    public static double Present(int a, int b) => s_inverseBinomial[a, b] / a;

    /// <summary>a! (b−1)! / (a+b)!, the weight (to be negated) of each of the b features that only b satisfies.</summary>
    public static double Absent(int a, int b) => s_inverseBinomial[a, b] / b;

    /// <summary>|S|! (n−|S|−1)! / n!, the weight of a coalition of size s among n players in the Shapley sum.</summary>
    public static double Coalition(int s, int n) => s_inverseBinomial[s, n - 1 - s] / n;

    private static double[,] Build()
    {
        const int n = MaxPlayers + 1;
        var binomial = new double[2 * n + 1, 2 * n + 1];
        for (var i = 0; i <= 2 * n; i++)
        {
            binomial[i, 0] = 1;
            for (var k = 1; k <= i; k++)
            {
                binomial[i, k] = binomial[i - 1, k - 1] + (k < i ? binomial[i - 1, k] : 0);
            }
        }
        var result = new double[n, n];
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b < n; b++)
            {
                result[a, b] = 1.0 / binomial[a + b, a];
            }
        }
        return result;
    }
}
