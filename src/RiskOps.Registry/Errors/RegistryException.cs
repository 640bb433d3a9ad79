using RiskOps.Core.Errors;

namespace RiskOps.Registry.Errors;

/// <summary>An expected registry failure: refused operation, bad manifest, conflicting change.</summary>
public class RegistryException : RiskOpsException
{
    public RegistryException(string message) : base(message) { }

    public RegistryException(string message, Exception innerException) : base(message, innerException) { }
}
