using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RiskOps.Api;
using RiskOps.Api.Seams;

namespace RiskOps.Cli.Commands.Serving;

/// <summary><c>riskops serve</c>: the inference and pricing service, with its scheduled jobs.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = ServingCliOptions.Urls();
        var command = new Command("serve",
            "Start the inference and pricing API (/api/v1, docs at /docs, /metrics, /health/ready) with its jobs: nightly re-scoring, " +
            "the 15-minute surge grid and weekly retraining. Models come from the registry's Production versions and hot-swap on promotion.");
        command.Options.Add(urls);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var address = parseResult.GetValue(urls)!;
            var layout = CommonOptions.Layout(parseResult);
            await using var app = RiskOpsApi.Build([], layout, address,
                services =>
                {
                    services.AddSingleton<IScheduledStep>(new EtlStep(layout));
                    services.AddSingleton<IScheduledStep>(new RetrainStep(layout));
                });
            await app.StartAsync(ct);
            var first = address.Split(';')[0].TrimEnd('/');
            Console.WriteLine($"RiskOps API listening on {address} (docs: {first}/docs, metrics: {first}/metrics). Ctrl+C to stop.");
            Console.WriteLine($"  curl -s {first}/health/ready");
            Console.WriteLine($"  curl -s -X POST {first}/api/v1/predict/customer-risk -H 'content-type: application/json' -d '{{\"customer_id\":\"C000001\"}}'");
            try
            {
                // The host's console lifetime turns Ctrl+C / SIGTERM into a graceful stop; the token covers the CLI's own cancellation.
                await app.WaitForShutdownAsync(ct);
            }
            catch (OperationCanceledException)
            {
                await app.StopAsync(CancellationToken.None); // in-flight requests and the prediction log drain
            }
            return 0;
        }, cancellationToken));
        return command;
    }
}
