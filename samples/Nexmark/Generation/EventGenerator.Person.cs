namespace Nexmark;

public sealed partial class EventGenerator
{
    // Few states and cities so that queries filtering on them (Q3) find matches in small runs.
    private static readonly string[] States = ["AZ", "CA", "ID", "OR", "WA", "WY"];

    private static readonly string[] Cities =
        ["Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend", "Redmond", "Seattle", "Kent", "Cheyenne"];

    private static readonly string[] FirstNames = ["Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"];

    private static readonly string[] LastNames = ["Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"];

    // Every "First Last" made once: a person's name costs no allocation.
    private static readonly string[] FullNames =
        FirstNames.SelectMany(first => LastNames.Select(last => first + " " + last)).ToArray();

    private Person NextPerson(in EventPlace place, long timestamp, ref SplitMix64 random)
    {
        long id = place.LastPersonIndex + EventNumbering.FirstPersonId;
        int first = random.NextInt(FirstNames.Length);
        string name = FullNames[first * LastNames.Length + random.NextInt(LastNames.Length)];
        string email = _emails.Next(ref random);
        string creditCard = _creditCards.Next(ref random);
        string city = Cities[random.NextInt(Cities.Length)];
        string state = States[random.NextInt(States.Length)];
        int size = 8 + name.Length + email.Length + creditCard.Length + city.Length + state.Length;
        string extra = _extras.Next(ref random, size, Config.AvgPersonByteSize);
        return new Person(id, name, email, creditCard, city, state, timestamp, extra);
    }

    private static string Email(ref SplitMix64 random) => RandomText.Next(ref random, 7) + "@" + RandomText.Next(ref random, 5) + ".com";

    // "dddd dddd dddd dddd"
    private static string CreditCard(ref SplitMix64 random)
    {
        Span<char> chars = stackalloc char[19];
        for (int group = 0; group < 4; group++)
        {
            int value = random.NextInt(10_000);
            int at = group * 5;
            for (int digit = 3; digit >= 0; digit--, value /= 10)
            {
                chars[at + digit] = (char)('0' + value % 10);
            }

            if (group < 3)
            {
                chars[at + 4] = ' ';
            }
        }

        return new string(chars);
    }
}
