namespace RiskOps.Lakehouse.Sources;

/// <summary>The type a raw (text) column is parsed to in silver.</summary>
internal enum ColumnKind
{
    Id,
    Text,
    Enum,
    Double,
    Integer,
    Bool,
    Bit,
    Date,
    Timestamp,
}
