namespace RiskOps.Registry.Errors;

/// <summary>An unknown model, version or alias; the message lists what exists.</summary>
public sealed class ModelNotFoundException : RegistryException
{
    public ModelNotFoundException(string message) : base(message) { }
}
