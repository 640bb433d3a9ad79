namespace RiskOps.Api.Models;

/// <summary>Which model versions are serving.</summary>
internal static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/models/current", (ModelCatalog catalog) => TypedResults.Ok(catalog.Describe()))
            .WithName("CurrentModels")
            .WithSummary("Model versions currently serving")
            .WithDescription("Each served model's Production version (champion) and any A/B challengers with their share, plus the last failed load if any.")
            .WithTags("Models");
        return api;
    }
}
