using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RiskOps.Api.Hosting;

/// <summary>
/// Writes the versioned routes (<c>/api/v{version}/…</c>) as the concrete <c>/api/v1/…</c> paths in the OpenAPI
/// document, so the docs page shows callable URLs instead of a version parameter.
/// </summary>
internal sealed class VersionedPathsTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var paths = new OpenApiPaths();
        foreach (var (path, item) in document.Paths)
        {
            foreach (var operation in item.Operations?.Values.AsEnumerable() ?? [])
            {
                var version = operation.Parameters?.FirstOrDefault(p => p.Name == "version");
                if (version is not null)
                {
                    operation.Parameters!.Remove(version);
                }
            }

            paths[path.Replace("v{version}", "v1", StringComparison.Ordinal)] = item;
        }

        document.Paths = paths;
        return Task.CompletedTask;
    }
}
