using Microsoft.ML;
using Microsoft.ML.Data;

namespace RiskOps.Models.Scoring;

/// <summary>Schema definitions that give the <c>Features</c> vector its fixed width (and the class label its key range).</summary>
public static class MlNetSchemas
{
    /// <summary>Schema of a row type holding a <c>Features</c> vector of <paramref name="width"/> floats.</summary>
    public static SchemaDefinition For<T>(int width, int classes = 0)
    {
        var schema = SchemaDefinition.Create(typeof(T));
        schema[nameof(EncodedRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        if (classes > 0)
        {
            schema[nameof(EncodedClassRow.Label)].ColumnType = new KeyDataViewType(typeof(uint), classes);
        }
        return schema;
    }

    /// <summary>A lazily enumerated view over a row-major matrix, so scoring a batch copies each row once.</summary>
    public static IDataView FromMatrix(MLContext context, float[] matrix, int rowCount, int width) =>
        context.Data.LoadFromEnumerable(Rows(matrix, rowCount, width), For<FeaturesOnly>(width));

    private static IEnumerable<FeaturesOnly> Rows(float[] matrix, int rowCount, int width)
    {
        for (var r = 0; r < rowCount; r++)
        {
            yield return new FeaturesOnly { Features = matrix.AsSpan(r * width, width).ToArray() };
        }
    }
}
