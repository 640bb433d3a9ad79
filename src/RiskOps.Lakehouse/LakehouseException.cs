using RiskOps.Core.Errors;

namespace RiskOps.Lakehouse;

/// <summary>
/// An expected lakehouse failure: a raw file that is not what it claims, an unknown source, a missing
/// column. The message is one line naming the file and the problem; nothing was written for that file.
/// </summary>
public sealed class LakehouseException : RiskOpsException
{
    public LakehouseException(string message) : base(message) { }

    public LakehouseException(string message, Exception innerException) : base(message, innerException) { }
}
