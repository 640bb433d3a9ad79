using Microsoft.Extensions.Options;
using Quartz;
using RiskOps.Api.Hosting;

namespace RiskOps.Api.Jobs;

/// <summary>Schedules the serving jobs on the Quartz scheduler at startup, from <see cref="ServingOptions"/> cron expressions (UTC).</summary>
internal sealed class JobScheduleService(ISchedulerFactory schedulers, IOptions<ServingOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var serving = options.Value;
        if (!serving.RunScheduler)
        {
            return;
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await ScheduleAsync<SurgeGridQuartzJob>(scheduler, "surge-grid", serving.SurgeGridCron, cancellationToken);
        await ScheduleAsync<NightlyQuartzJob>(scheduler, "nightly", serving.NightlyCron, cancellationToken);
        await ScheduleAsync<RetrainQuartzJob>(scheduler, "weekly-retrain", serving.RetrainCron, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task ScheduleAsync<TJob>(IScheduler scheduler, string name, string cron, CancellationToken cancellationToken) where TJob : IJob
    {
        var job = JobBuilder.Create<TJob>().WithIdentity(name, "riskops").Build();
        var trigger = TriggerBuilder.Create().WithIdentity(name + "-trigger", "riskops").ForJob(job)
            .WithCronSchedule(cron, schedule => schedule.InTimeZone(TimeZoneInfo.Utc)).Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
    }
}
