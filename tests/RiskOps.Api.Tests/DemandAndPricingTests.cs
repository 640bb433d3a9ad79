using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RiskOps.Api.Demand;
using RiskOps.Api.Risk;

namespace RiskOps.Api.Tests;

public sealed class DemandAndPricingTests
{
    [Fact]
    public async Task SurgeGrid_MatchesHandComputedSeasonalForecastAndEventUplift()
    {
        await using var app = await ServingApp.CreateAsync(customers: 3);
        var ct = TestContext.Current.CancellationToken;
        var report = await app.Services.GetRequiredService<SurgeGridJob>().RunAsync(null, ct);
        Assert.Equal(3, report.Bays);
        Assert.Equal(96, report.Buckets);
        Assert.Equal(GoldFixture.T0, report.From);

        var grid = app.Services.GetRequiredService<SurgeGridHolder>().Current!;
        // B0001: 3 bookings in each 08:xx bucket, 1 otherwise → baseline (4×3 + 92×1) / 96.
        var b1 = grid.Bays["B0001"].Cells[0];
        var baseline = ((4 * 3) + 92) / 96.0;
        Assert.Equal(3.0, b1.ExpectedBookings, 9);
        Assert.Equal(baseline, b1.BaselineBookings, 9);
        Assert.Equal("high", b1.DemandLevel);
        Assert.Equal(3.0 / baseline, b1.SurgeFactor, 9);
        Assert.Equal(0.2, b1.PriceAdjustment, 9);
        Assert.Contains(b1.Factors, f => f.StartsWith("rush hour", StringComparison.Ordinal));
        // B0001 at 12:00 (index 16): ordinary demand.
        Assert.Equal("medium", grid.Bays["B0001"].Cells[16].DemandLevel);
        Assert.Equal(1.0, grid.Bays["B0001"].Cells[16].ExpectedBookings, 9);

        // B0002 at 12:00 (index 16): the concert (20,000, 2 km) lifts 1 booking by 1 + 2·e^(−1).
        var b2 = grid.Bays["B0002"].Cells[16];
        Assert.Equal(1 + (2 * Math.Exp(-1)), b2.ExpectedBookings, 9);
        Assert.Contains(b2.Factors, f => f.Contains("concert 2.0 km away with 20,000 attendance", StringComparison.Ordinal));
        // B0002 at 08:00: the concert window (starts − 2 h) has not begun.
        Assert.Equal(1.0, grid.Bays["B0002"].Cells[0].ExpectedBookings, 9);

        // B0003: the older correction (50 bookings) is ignored, and the festival announced tomorrow is not known yet.
        Assert.Equal(2.0, grid.Bays["B0003"].Cells[16].ExpectedBookings, 9);
        Assert.Empty(grid.Bays["B0003"].Cells[16].Factors);
    }

    [Fact]
    public async Task Demand_LooksUpGridWithAlternativesAndStaleness()
    {
        await using var app = await ServingApp.CreateAsync(customers: 3);
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.ClientAsync();
        var missing = await client.PostAsJsonAsync("/api/v1/predict/demand", new { parking_bay_id = "B0001" }, ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, missing.StatusCode);

        await app.Services.GetRequiredService<SurgeGridJob>().RunAsync(null, ct);
        var body = await ServingApp.JsonAsync(await client.PostAsJsonAsync("/api/v1/predict/demand", new { parking_bay_id = "B0001" }, ct));
        Assert.Equal("high", body.GetProperty("demand_level").GetString());
        Assert.False(body.GetProperty("grid_stale").GetBoolean());
        var alternatives = body.GetProperty("alternative_bays");
        Assert.Equal(1, alternatives.GetArrayLength()); // B0002 is 1.3 km away; B0003 is 9 km away
        Assert.Equal("B0002", alternatives[0].GetProperty("parking_bay_id").GetString());

        var unknown = await client.PostAsJsonAsync("/api/v1/predict/demand", new { parking_bay_id = "B9999" }, ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        app.Time.Advance(TimeSpan.FromMinutes(21));
        var stale = await ServingApp.JsonAsync(await client.PostAsJsonAsync("/api/v1/predict/demand", new { parking_bay_id = "B0001" }, ct));
        Assert.True(stale.GetProperty("grid_stale").GetBoolean());
        var ready = await ServingApp.JsonAsync(await client.GetAsync("/health/ready", ct));
        Assert.Equal("Degraded", ready.GetProperty("checks").GetProperty("surge-grid").GetProperty("status").GetString());
        var metrics = await client.GetStringAsync("/metrics", ct);
        Assert.Contains("riskops_surge_grid_stale", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quote_IsProductOfItemizedFactors_PersistedWithOutcome()
    {
        await using var app = await ServingApp.CreateAsync(customers: 10);
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.ClientAsync();
        await app.Services.GetRequiredService<SurgeGridJob>().RunAsync(null, ct);

        var start = GoldFixture.T0.AddMinutes(10);
        var response = await client.PostAsJsonAsync("/api/v1/price/quote",
            new { customer_id = "C000007", vehicle_id = "V00001", parking_bay_id = "B0001", start, end = start.AddMinutes(30) }, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var quote = await ServingApp.JsonAsync(response);

        var risk = LogisticPredictor.Sigmoid(-1.0 + (3.0 * 0.7) + (0.5 * 3));
        var expected = 0.30 * RiskBands.Multiplier(risk) * 1.2 /* high demand: +20% */ * 1.0 /* car */ * 1.25 /* premium */;
        Assert.Equal(Math.Round(expected, 4), quote.GetProperty("price_per_minute").GetDouble(), 9);
        Assert.Equal(Math.Round(Math.Round(expected, 4) * 30, 2), quote.GetProperty("estimated_total").GetDouble(), 9);
        var factors = quote.GetProperty("factors").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Equal(["risk", "demand", "vehicle_type", "premium"], factors);
        Assert.Equal("car", quote.GetProperty("vehicle_type").GetString());

        var quoteId = quote.GetProperty("quote_id").GetString()!;
        await using (var db = new SqliteConnection($"Data Source={Path.Combine(app.Layout.ServingDir, "pricing.sqlite")};Pooling=False"))
        {
            await db.OpenAsync(ct);
            await using var read = db.CreateCommand();
            read.CommandText = "SELECT price_per_minute, customer_id FROM quotes WHERE quote_id = $id";
            read.Parameters.AddWithValue("$id", quoteId);
            await using var reader = await read.ExecuteReaderAsync(ct);
            Assert.True(await reader.ReadAsync(ct));
            Assert.Equal(Math.Round(expected, 4), reader.GetDouble(0), 9);
            Assert.Equal("C000007", reader.GetString(1));
        }

        var outcome = await client.PostAsJsonAsync("/api/v1/price/outcome", new { quote_id = quoteId, booked = true }, ct);
        Assert.Equal(HttpStatusCode.OK, outcome.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/price/outcome", new { quote_id = quoteId, booked = true }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/api/v1/price/outcome", new { quote_id = quoteId, booked = false }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/v1/price/outcome", new { quote_id = "Qnope", booked = false }, ct)).StatusCode);
    }

    [Theory]
    [InlineData("C999999", "V00001", "B0001")]
    [InlineData("C000001", "V99999", "B0001")]
    [InlineData("C000001", "V00001", "B9999")]
    public async Task Quote_UnknownId_Is404(string customer, string vehicle, string bay)
    {
        await using var app = await ServingApp.CreateAsync(customers: 3);
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.ClientAsync();
        await app.Services.GetRequiredService<SurgeGridJob>().RunAsync(null, ct);
        var start = GoldFixture.T0.AddMinutes(10);
        var response = await client.PostAsJsonAsync("/api/v1/price/quote",
            new { customer_id = customer, vehicle_id = vehicle, parking_bay_id = bay, start, end = start.AddMinutes(30) }, ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SurgeGrid_PersistedGridIsLoadedByAnotherProcess()
    {
        await using var app = await ServingApp.CreateAsync(customers: 3);
        var ct = TestContext.Current.CancellationToken;
        var job = app.Services.GetRequiredService<SurgeGridJob>();
        await job.RunAsync(null, ct);
        await job.RunAsync(null, ct); // re-running replaces, never duplicates
        var loaded = await new SurgeGridStore(app.Layout).LoadAsync(ct);
        Assert.NotNull(loaded);
        var live = app.Services.GetRequiredService<SurgeGridHolder>().Current!;
        Assert.Equal(live.Bays.Count, loaded.Bays.Count);
        foreach (var (bay, (_, cells)) in live.Bays)
        {
            Assert.Equal(cells.Select(c => c.SurgeFactor), loaded.Bays[bay].Cells.Select(c => c.SurgeFactor));
            Assert.Equal(cells.Select(c => string.Join("|", c.Factors)), loaded.Bays[bay].Cells.Select(c => string.Join("|", c.Factors)));
        }
    }
}
