namespace Nexmark;

/// <summary>
/// NEXMark's price distribution: <c>round(10^(6u) * 100)</c> cents for u uniform in [0, 1), i.e.
/// log-uniform from $1 to $1,000,000. Computed with +, *, / only because Math.Pow and Math.Exp may
/// differ in the last bit between C runtimes, and prices must be equal on every machine: 10^(6u) is
/// a table entry 10^(j/64), made once with a long Taylor series for exp, times a short Horner
/// polynomial for exp of the small remainder.
/// </summary>
public static class Prices
{
    private const double Ln10 = 2.302585092994046;
    private const int StepsPerDecade = 64;
    private const int Decades = 6;

    // 10^(j / StepsPerDecade) for j in 0..Decades * StepsPerDecade.
    private static readonly double[] Steps = MakeSteps();

    public static long Next(ref SplitMix64 random)
    {
        double scaled = random.NextDouble() * (Decades * StepsPerDecade); // exact: u * 384 keeps u's 53 bits
        int step = (int)scaled;
        double value = Steps[step] * ExpOfRemainder((scaled - step) * (Ln10 / StepsPerDecade));
        return (long)Math.Floor(value * 100.0 + 0.5);
    }

    // exp(x) for 0 <= x < ln 10 / 64 (0.036): the terms past x^7/7! are below double precision.
    private static double ExpOfRemainder(double x) =>
        1.0 + x * (1.0 + x * (1.0 / 2 + x * (1.0 / 6 + x * (1.0 / 24 + x * (1.0 / 120 + x * (1.0 / 720 + x * (1.0 / 5040)))))));

    private static double[] MakeSteps()
    {
        var steps = new double[Decades * StepsPerDecade + 1];
        for (int j = 0; j < steps.Length; j++)
        {
            int decade = j / StepsPerDecade;
            steps[j] = PowerOfTen(decade) * Exp(j % StepsPerDecade * (Ln10 / StepsPerDecade));
        }

        return steps;
    }

    private static double PowerOfTen(int decade)
    {
        double result = 1.0;
        for (int i = 0; i < decade; i++)
        {
            result *= 10.0;
        }

        return result;
    }

    // For 0 <= x < ln 10 the terms past the 30th are below double precision.
    private static double Exp(double x)
    {
        double term = 1.0;
        double sum = 1.0;
        for (int k = 1; k <= 30; k++)
        {
            term = term * x / k;
            sum += term;
        }

        return sum;
    }
}
