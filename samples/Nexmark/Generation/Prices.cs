namespace Nexmark;

/// <summary>
/// NEXMark's price distribution: <c>round(10^(6u) * 100)</c> cents for u uniform in [0, 1), i.e.
/// log-uniform from $1 to $1,000,000. Computed with +, *, / only (a Taylor series for exp) because
/// Math.Pow may differ in the last bit between C runtimes, and prices must be equal on every machine.
/// </summary>
public static class Prices
{
    private const double Ln10 = 2.302585092994046;

    public static long Next(ref SplitMix64 random)
    {
        double exponent = random.NextDouble() * 6.0;
        int decade = (int)exponent;
        double value = PowerOfTen(decade) * Exp((exponent - decade) * Ln10);
        return (long)Math.Floor(value * 100.0 + 0.5);
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
