using CompiledFlow;
using QuickStart;

Bid[] bids =
[
    new(Auction: 1, Bidder: 10, Price: 250, DateTime: 1_000),
    new(Auction: 2, Bidder: 11, Price: 90, DateTime: 1_500),
    new(Auction: 2, Bidder: 12, Price: 400, DateTime: 2_000),
];

// 1. In memory, at parallelism 1: the simplest way in.
Console.WriteLine("Run over an array:");
foreach (var (auction, bidder, euros) in HotBids.Run(bids))
{
    Console.WriteLine($"  auction {auction}, bidder {bidder}: {euros:F2} EUR");
}

// 2. As a job, from a CSV file to a JSON Lines file. The CSV columns were mapped to Bid at
//    compile time; the output file appears only when the job commits.
string folder = Directory.CreateTempSubdirectory("compiledflow-quickstart").FullName;
string input = Path.Combine(folder, "bids.csv");
string output = Path.Combine(folder, "hot-bids.jsonl");
File.WriteAllLines(input, ["Auction,Bidder,Price,DateTime", .. bids.Select(b => $"{b.Auction},{b.Bidder},{b.Price},{b.DateTime}")]);

JobResult result = HotBids.CreateJob()
    .From(HotBids.Files.ReadCsv(input))
    .To(HotBids.Files.WriteJsonLines(output))
    .Run();

Console.WriteLine($"Job read {result.RecordsRead} bids from {input}, wrote {result.RecordsWritten} records to {output}:");
foreach (string line in File.ReadLines(output))
{
    Console.WriteLine("  " + line);
}

Directory.Delete(folder, recursive: true);
