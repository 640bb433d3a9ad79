using System.Threading.Channels;
using RiskOps.Core.Storage;
using RiskOps.Simulator.Bookings;
using RiskOps.Simulator.Claims;
using RiskOps.Simulator.Driving;
using RiskOps.Simulator.Output;
using RiskOps.Simulator.World;

namespace RiskOps.Simulator;

/// <summary>
/// Generates a synthetic world: raw source files in the formats of docs/data-contract.md under
/// <see cref="DataLayout.RawDir"/> and the ground truth under <see cref="DataLayout.GroundTruthDir"/>.
/// Output is byte-identical for the same options whatever the parallelism; memory stays bounded because
/// blocks of entities are generated in parallel and streamed to disk in order.
/// </summary>
public static class WorldSimulator
{
    private const int CustomersPerBlock = 1_024;
    private const int BaysPerBlock = 16;

    /// <summary>
    /// Runs the simulation. Files are written to a staging folder and moved into place at the end, so a failed or
    /// cancelled run leaves the previous raw and ground-truth folders untouched.
    /// </summary>
    /// <param name="options">World size, seed and defect rates.</param>
    /// <param name="layout">Where raw/ and ground_truth/ go.</param>
    /// <param name="progress">Optional progress per stage.</param>
    /// <param name="cancellationToken">Stops generation; nothing is moved into place.</param>
    /// <exception cref="SimulationException">Invalid options, or existing output without <see cref="SimulationOptions.Overwrite"/>.</exception>
    public static async Task<SimulationSummary> RunAsync(
        SimulationOptions options, DataLayout layout, IProgress<SimulationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(layout);
        options.Validate();
        var started = TimeProvider.System.GetTimestamp();
        foreach (var dir in new[] { layout.RawDir, layout.GroundTruthDir })
        {
            if (!options.Overwrite && Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
            {
                throw new SimulationException($"{dir} already holds data; pass --overwrite to replace it");
            }
        }

        var staging = Path.Combine(layout.Root, ".simulate-staging");
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true); // left over from an interrupted run
        }

        var stagingRaw = Path.Combine(staging, "raw");
        var stagingTruth = Path.Combine(staging, "ground_truth");
        try
        {
            progress?.Report(new SimulationProgress("reference", 0, 1));
            var world = WorldBuilder.Build(options);
            SimulationSummary summary;
            using (var sink = new OutputSink(stagingRaw, stagingTruth, options.StartDate))
            {
                ReferenceWriter.WriteReference(world, sink);
                progress?.Report(new SimulationProgress("reference", 1, 1));
                ReferenceWriter.WriteContext(world, sink);
                progress?.Report(new SimulationProgress("context", 1, 1));

                var incidents = new List<IncidentSeed>();
                var trips = new TripGenerator(world);
                sink.StartTruth(TripGenerator.HazardFile, TripGenerator.HazardHeader);
                await RunBlocksAsync("trips", options, options.Customers, CustomersPerBlock, trips.Generate, sink,
                    [RawSource.Trips, RawSource.Telematics, RawSource.Traces], b => incidents.AddRange(b.Incidents), progress, cancellationToken);
                sink.CloseTruth(TripGenerator.HazardFile);
                await WriteExpectedHazardAsync(world, sink, progress, cancellationToken);

                var bookings = new BookingGenerator(world);
                sink.StartTruth(BookingGenerator.RateFile, "parking_bay_id,bucket_start,expected_bookings");
                await RunBlocksAsync("bookings", options, options.Bays, BaysPerBlock, bookings.Generate, sink,
                    [RawSource.Bookings], null, progress, cancellationToken);
                sink.CloseTruth(BookingGenerator.RateFile);

                progress?.Report(new SimulationProgress("claims", 0, 1));
                sink.StartTruth(ClaimGenerator.ClaimsFile, "claim_id,is_fraud,true_severity_eur");
                sink.StartTruth(ClaimGenerator.IncidentsFile, "incident_id,customer_id,trip_id,occurred_at,claim_id");
                var (claimBatch, incidentCount, frauds) = ClaimGenerator.Generate(world, incidents);
                sink.Append(claimBatch);
                progress?.Report(new SimulationProgress("claims", 1, 1));
                summary = new SimulationSummary(
                    new Dictionary<string, long>(sink.RowsBySource), new Dictionary<string, long>(sink.DefectsByKind),
                    incidentCount, frauds, TimeProvider.System.GetElapsedTime(started));
            }

            cancellationToken.ThrowIfCancellationRequested();
            foreach (var (from, to) in new[] { (stagingRaw, layout.RawDir), (stagingTruth, layout.GroundTruthDir) })
            {
                if (Directory.Exists(to))
                {
                    Directory.Delete(to, recursive: true);
                }

                Directory.Move(from, to);
            }

            Directory.Delete(staging, recursive: true);
            return summary with { Elapsed = TimeProvider.System.GetElapsedTime(started) };
        }
        catch
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            throw;
        }
    }

    /// <summary>
    /// The ex-ante hazard (<see cref="ExpectedHazard"/>): per customer in parallel (each from its own random stream, so
    /// the result does not depend on scheduling), then written day by day.
    /// </summary>
    private static async Task WriteExpectedHazardAsync(WorldModel world, OutputSink sink, IProgress<SimulationProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new SimulationProgress("expected hazard", 0, 1));
        if (world.Options.ExpectedHazardTrips == 0)
        {
            progress?.Report(new SimulationProgress("expected hazard", 1, 1));
            return;
        }

        var expected = new ExpectedHazard(world);
        var perCustomer = new (double Hazard, double ClaimHazard)[world.Customers.Count][];
        await Parallel.ForAsync(0, world.Customers.Count,
            new ParallelOptions { MaxDegreeOfParallelism = world.Options.MaxDegreeOfParallelism, CancellationToken = cancellationToken },
            (i, _) =>
            {
                perCustomer[i] = expected.ForCustomer(world.Customers[i]);
                return ValueTask.CompletedTask;
            });
        sink.StartTruth(ExpectedHazard.File, ExpectedHazard.Header);
        for (var day = 0; day < world.Options.Days; day++)
        {
            sink.Append(ExpectedHazard.Rows(world, day, perCustomer));
        }

        sink.CloseTruth(ExpectedHazard.File);
        progress?.Report(new SimulationProgress("expected hazard", 1, 1));
    }

    /// <summary>
    /// Generates (day × entity block) batches on worker threads and appends them in order. The bounded channel of
    /// pending tasks caps the batches held in memory; a day's delivery files are closed once every block of that day is written.
    /// </summary>
    private static async Task RunBlocksAsync(
        string stage, SimulationOptions options, int entities, int blockSize, Func<int, int, int, Batch> generate, OutputSink sink,
        RawSource[] sources, Action<Batch>? onBatch, IProgress<SimulationProgress>? progress, CancellationToken cancellationToken)
    {
        var blocksPerDay = (entities + blockSize - 1) / blockSize;
        var total = (long)blocksPerDay * options.Days;
        using var gate = new SemaphoreSlim(options.MaxDegreeOfParallelism);
        var channel = Channel.CreateBounded<Task<Batch>>(new BoundedChannelOptions(options.MaxDegreeOfParallelism * 2) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                for (var day = 0; day < options.Days; day++)
                {
                    for (var block = 0; block < blocksPerDay; block++)
                    {
                        var (d, from, to) = (day, block * blockSize, Math.Min(entities, (block + 1) * blockSize));
                        await gate.WaitAsync(cancellationToken);
                        var task = Task.Run(() =>
                        {
                            try
                            {
                                cancellationToken.ThrowIfCancellationRequested();
                                return generate(d, from, to);
                            }
                            finally
                            {
                                gate.Release();
                            }
                        }, cancellationToken);
                        await channel.Writer.WriteAsync(task, cancellationToken);
                    }
                }
            }
            finally
            {
                channel.Writer.Complete();
            }
        }, cancellationToken);

        long done = 0;
        await foreach (var task in channel.Reader.ReadAllAsync(cancellationToken))
        {
            var batch = await task;
            sink.Append(batch);
            onBatch?.Invoke(batch);
            done++;
            if (done % blocksPerDay == 0)
            {
                var finishedDay = (int)(done / blocksPerDay) - 1;
                foreach (var source in sources)
                {
                    sink.CloseBefore(source, finishedDay + 1);
                }

                progress?.Report(new SimulationProgress(stage, done, total));
            }
        }

        await producer;
    }
}
