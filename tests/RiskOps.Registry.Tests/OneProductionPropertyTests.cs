using FsCheck.Xunit;
using Microsoft.Data.Sqlite;
using RiskOps.Registry.Errors;
using RiskOps.Registry.Promotion;

namespace RiskOps.Registry.Tests;

/// <summary>
/// Random scripts of register / promote / force / rollback / archive / stage / alias operations on two models,
/// checked after every step against an independent oracle (a champion stack per model) and the invariant
/// "at most one Production per model, never back to none once there is one".
/// </summary>
public sealed class OneProductionPropertyTests
{
    private const int Models = 2;

    [Property(MaxTest = 30, StartSize = 10, EndSize = 40, Arbitrary = [typeof(RegistryOperationArbitrary)])]
    public async Task Registry_RandomOperations_KeepsExactlyOneProductionAndMatchesOracle(RegistryOperation[] script)
    {
        await using var temp = await TempRegistry.CreateAsync(new RegistryOptions { PromotionMargin = 0.0 });
        var ct = TestContext.Current.CancellationToken;
        var registry = temp.Registry;
        var metrics = new List<double>[Models];
        var champions = new Stack<int>[Models];
        var archived = new HashSet<int>[Models];
        for (var m = 0; m < Models; m++)
        {
            metrics[m] = [];
            champions[m] = new Stack<int>();
            archived[m] = [];
        }

        foreach (var op in script)
        {
            var m = op.Model;
            var model = $"model{m}";
            var count = metrics[m].Count;
            if (op.Kind == RegistryOperationKind.Register || count == 0)
            {
                var metric = op.MetricThousandths / 1000.0;
                var registered = await temp.RegisterAsync(model, metric);
                metrics[m].Add(metric);
                Assert.Equal(metrics[m].Count, registered.Version);
                continue;
            }

            var target = ((op.Target - 1) % count) + 1;
            int? production = champions[m].Count == 0 ? null : champions[m].Peek();
            switch (op.Kind)
            {
                case RegistryOperationKind.Promote or RegistryOperationKind.ForcePromote:
                {
                    var force = op.Kind == RegistryOperationKind.ForcePromote;
                    var expectPass = production is null || metrics[m][target - 1] > metrics[m][production.Value - 1];
                    var expectOk = target != production && (expectPass || force);
                    var ok = await SucceedsAsync(() => registry.PromoteAsync(model, target, new PromotionRequest(force, force ? "property" : null), ct));
                    Assert.Equal(expectOk, ok);
                    if (ok)
                    {
                        if (production is { } old)
                        {
                            archived[m].Add(old);
                        }
                        archived[m].Remove(target);
                        champions[m].Push(target);
                    }
                    break;
                }
                case RegistryOperationKind.Rollback:
                {
                    var ok = await SucceedsAsync(() => registry.RollbackAsync(model, null, null, ct));
                    Assert.Equal(champions[m].Count >= 2, ok);
                    if (ok)
                    {
                        archived[m].Add(champions[m].Pop());
                        archived[m].Remove(champions[m].Peek());
                    }
                    break;
                }
                case RegistryOperationKind.Archive or RegistryOperationKind.Stage:
                {
                    var stage = op.Kind == RegistryOperationKind.Archive ? ModelStage.Archived : ModelStage.Staging;
                    var ok = await SucceedsAsync(() => registry.SetStageAsync(model, target, stage, cancellationToken: ct));
                    Assert.Equal(target != production, ok);
                    if (ok && stage == ModelStage.Archived)
                    {
                        archived[m].Add(target);
                    }
                    else if (ok)
                    {
                        archived[m].Remove(target);
                    }
                    break;
                }
                default:
                    await registry.SetAliasAsync(model, "challenger", target, cancellationToken: ct);
                    break;
            }

            await AssertMatchesOracleAsync(temp, model, champions[m], archived[m], ct);
        }

        Assert.Equal(0, await CountAsync(temp, "SELECT COUNT(*) FROM (SELECT model FROM versions WHERE stage = 'Production' GROUP BY model HAVING COUNT(*) > 1)", ct));
        var verification = await registry.AuditLog.VerifyAsync(cancellationToken: ct);
        Assert.True(verification.IsIntact, verification.Message);
    }

    private static async Task AssertMatchesOracleAsync(TempRegistry temp, string model, Stack<int> champions, HashSet<int> archived, CancellationToken ct)
    {
        var production = await temp.Registry.GetByStageAsync(model, ModelStage.Production, ct);
        if (champions.Count == 0)
        {
            Assert.Empty(production);
            return;
        }
        Assert.Equal(champions.Peek(), Assert.Single(production).Version);
        Assert.Equal(champions.Peek(), (await temp.Registry.GetByAliasAsync(model, "champion", ct)).Version);
        Assert.Equal(champions.Peek(), (await temp.Registry.GetProductionAsync(model, ct))!.Version);
        Assert.Equal(archived.Order(), (await temp.Registry.GetByStageAsync(model, ModelStage.Archived, ct)).Select(v => v.Version).Order());
    }

    private static async Task<bool> SucceedsAsync(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (RegistryException)
        {
            return false;
        }
    }

    private static async Task<long> CountAsync(TempRegistry temp, string sql, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={temp.Registry.DatabasePath};Pooling=False");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
