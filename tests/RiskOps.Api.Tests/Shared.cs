using Microsoft.Extensions.DependencyInjection;
using RiskOps.Api.Demand;

namespace RiskOps.Api.Tests;

/// <summary>One app with models loaded and a surge grid computed, shared by the tests of a class that do not change it.</summary>
public sealed class Shared : IAsyncLifetime
{
    private ServingApp? _app;

    internal ServingApp App => _app ?? throw new InvalidOperationException("fixture not initialised");

    public async ValueTask InitializeAsync() => _app = await AppAsync();

    internal static async Task<ServingApp> AppAsync()
    {
        var app = await ServingApp.CreateAsync(customers: 5);
        await app.ClientAsync();
        await app.Services.GetRequiredService<SurgeGridJob>().RunAsync(null, TestContext.Current.CancellationToken);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
