namespace RiskOps.Registry.Errors;

/// <summary>A manifest that is missing a field or has an invalid one; the message names the field.</summary>
public sealed class InvalidManifestException : RegistryException
{
    public InvalidManifestException(string message) : base(message) { }

    public InvalidManifestException(string message, Exception innerException) : base(message, innerException) { }
}
