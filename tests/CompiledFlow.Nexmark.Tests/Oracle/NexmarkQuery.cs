namespace Nexmark.Tests;

/// <summary>The NEXMark queries this sample implements (README.md defines each and its row format).</summary>
public enum NexmarkQuery
{
    Q0,
    Q1,
    Q2,
    Q3,
    Q4,
    Q5,
    Q6,
    Q7,
    Q8,
    Q11,
}
