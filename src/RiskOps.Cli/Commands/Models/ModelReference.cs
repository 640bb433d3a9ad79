using System.Globalization;
using RiskOps.Registry;
using RiskOps.Registry.Errors;

namespace RiskOps.Cli.Commands.Models;

/// <summary>
/// A model named on the command line: <c>crai</c> (the model), <c>crai:3</c> (version 3) or
/// <c>crai@challenger</c> (the version an alias points at).
/// </summary>
internal sealed record ModelReference(string Model, int? Version, string? Alias)
{
    public bool NamesVersion => Version is not null || Alias is not null;

    public static ModelReference Parse(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at > 0)
        {
            return new ModelReference(text[..at], null, text[(at + 1)..]);
        }
        var colon = text.LastIndexOf(':');
        if (colon > 0)
        {
            var versionText = text[(colon + 1)..].TrimStart('v');
            if (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
            {
                throw new RegistryException($"'{text}' is not a model reference: the version after ':' must be a positive number (e.g. crai:3)");
            }
            return new ModelReference(text[..colon], version, null);
        }
        return new ModelReference(text, null, null);
    }

    /// <summary>The version this reference names; a bare model name means its Production version.</summary>
    public async Task<ModelVersion> ResolveAsync(IModelRegistry registry, CancellationToken cancellationToken)
    {
        if (Version is { } version)
        {
            return await registry.GetVersionAsync(Model, version, cancellationToken);
        }
        if (Alias is { } alias)
        {
            return await registry.GetByAliasAsync(Model, alias, cancellationToken);
        }
        var production = await registry.GetProductionAsync(Model, cancellationToken)
            ?? throw new RegistryException($"{Model} has no Production version; name one as {Model}:<version> or {Model}@<alias>");
        return await registry.GetVersionAsync(Model, production.Version, cancellationToken);
    }

    public override string ToString() => Version is { } v ? $"{Model}:{v}" : Alias is { } a ? $"{Model}@{a}" : Model;
}
