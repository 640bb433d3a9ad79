using Asp.Versioning;

namespace RiskOps.Api.Hosting;

/// <summary>
/// <see cref="UrlSegmentApiVersionReader"/> with a fast path: for <c>/api/v{version}/…</c> the version is the text
/// between <c>/api/v</c> and the next slash. The base reader (10.x) re-parses route templates on every request to find
/// the segment, about 7% of the service's CPU on a cached customer-risk answer; every route here has the version in that
/// one place. Only versions the service serves take the fast path: anything else (an unsupported version, another
/// path) goes to the base reader, so the library's URL-segment behaviour is unchanged (an unsupported version is a 404,
/// OpenAPI sees a <c>version</c> path parameter).
/// </summary>
internal sealed class PathApiVersionReader(params string[] served) : UrlSegmentApiVersionReader
{
    private const string Prefix = "/api/v";
    private readonly string[][] _served = [.. served.Select(v => new[] { v })]; // one answer array per version, not one per request

    public override IReadOnlyList<string> Read(HttpRequest request)
    {
        var path = request.Path.Value.AsSpan();
        if (!path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return base.Read(request);
        }

        var rest = path[Prefix.Length..];
        var end = rest.IndexOf('/');
        var version = end < 0 ? rest : rest[..end];
        foreach (var served in _served)
        {
            if (version.Equals(served[0], StringComparison.Ordinal))
            {
                return served;
            }
        }

        return base.Read(request);
    }
}
