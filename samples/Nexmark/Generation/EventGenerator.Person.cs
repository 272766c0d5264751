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
        string email = _texts.Emails.Next(ref random);
        string creditCard = _texts.CreditCards.Next(ref random);
        string city = Cities[random.NextInt(Cities.Length)];
        string state = States[random.NextInt(States.Length)];
        int size = 8 + name.Length + email.Length + creditCard.Length + city.Length + state.Length;
        string extra = _texts.Extras.Next(ref random, size, Config.AvgPersonByteSize);
        return new Person(id, name, email, creditCard, city, state, timestamp, extra);
    }
}
