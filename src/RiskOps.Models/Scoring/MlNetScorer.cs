using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace RiskOps.Models.Scoring;

/// <summary>
/// Scores an ML.NET tree ensemble (LightGBM or FastTree). A PredictionEngine is not thread-safe, so
/// single rows go through a pool of engines; batches go through one Transform, which is.
/// </summary>
public sealed class MlNetScorer : LinkScorer
{
    /// <summary>The ML.NET model file inside an artifact directory.</summary>
    public const string ModelFile = "model.zip";
    private const string SettingsFile = "mlnet.json";
    private const int EngineThreshold = 32;

    private readonly MLContext _context;
    private readonly ITransformer _model;
    private readonly DataViewSchema _inputSchema;
    private readonly int _width;
    private readonly MlNetSettings _settings;
    private readonly ConcurrentBag<PredictionEngine<FeaturesOnly, ScalarScore>> _scalarEngines = [];
    private readonly ConcurrentBag<PredictionEngine<FeaturesOnly, VectorScore>> _vectorEngines = [];

    /// <summary>Wraps a fitted model whose input is a <c>Features</c> vector of <paramref name="width"/> floats.</summary>
    /// <param name="context">The context the model was trained or loaded in.</param>
    /// <param name="model">The fitted transformer producing a <c>Score</c> column.</param>
    /// <param name="inputSchema">The training input schema, saved with the model.</param>
    /// <param name="width">Encoded width.</param>
    /// <param name="classes">Number of classes for multiclass, else 0.</param>
    /// <param name="scoreIsMean">True when the trainer already applied exp (Tweedie/Poisson); the link is then log(score).</param>
    /// <param name="fill">Per slot, the value replacing NaN before scoring (trainers without native missing-value handling), or null.</param>
    public MlNetScorer(MLContext context, ITransformer model, DataViewSchema inputSchema, int width, int classes, bool scoreIsMean, double[]? fill)
    {
        _context = context;
        _model = model;
        _inputSchema = inputSchema;
        _width = width;
        _settings = new MlNetSettings(width, classes, scoreIsMean, fill);
    }

    /// <inheritdoc/>
    public override int Outputs => Math.Max(1, _settings.Classes);

    /// <inheritdoc/>
    public override void Score(ReadOnlySpan<float> matrix, int rowCount, Span<double> scores)
    {
        if (_settings.Fill is { } fill)
        {
            var filled = matrix[..(rowCount * _width)].ToArray();
            for (var i = 0; i < filled.Length; i++)
            {
                if (float.IsNaN(filled[i]))
                {
                    filled[i] = (float)fill[i % _width];
                }
            }
            ScoreFilled(filled, rowCount, scores);
            return;
        }
        ScoreFilled(matrix, rowCount, scores);
    }

    private void ScoreFilled(ReadOnlySpan<float> matrix, int rowCount, Span<double> scores)
    {
        if (rowCount <= EngineThreshold)
        {
            ScoreWithEngines(matrix, rowCount, scores);
            return;
        }
        var view = _model.Transform(MlNetSchemas.FromMatrix(_context, matrix[..(rowCount * _width)].ToArray(), rowCount, _width));
        if (_settings.Classes > 0)
        {
            var r = 0;
            foreach (var vector in view.GetColumn<float[]>("Score"))
            {
                for (var k = 0; k < _settings.Classes; k++)
                {
                    scores[r * _settings.Classes + k] = vector[k];
                }
                r++;
            }
            return;
        }
        var i = 0;
        foreach (var score in view.GetColumn<float>("Score"))
        {
            scores[i++] = ToLink(score);
        }
    }

    private void ScoreWithEngines(ReadOnlySpan<float> matrix, int rowCount, Span<double> scores)
    {
        var input = new FeaturesOnly { Features = new float[_width] };
        if (_settings.Classes > 0)
        {
            var engine = _vectorEngines.TryTake(out var e) ? e : CreateEngine<VectorScore>();
            try
            {
                for (var r = 0; r < rowCount; r++)
                {
                    matrix.Slice(r * _width, _width).CopyTo(input.Features);
                    var output = engine.Predict(input);
                    for (var k = 0; k < _settings.Classes; k++)
                    {
                        scores[r * _settings.Classes + k] = output.Score[k];
                    }
                }
            }
            finally
            {
                _vectorEngines.Add(engine);
            }
            return;
        }
        var scalar = _scalarEngines.TryTake(out var s) ? s : CreateEngine<ScalarScore>();
        try
        {
            for (var r = 0; r < rowCount; r++)
            {
                matrix.Slice(r * _width, _width).CopyTo(input.Features);
                scores[r] = ToLink(scalar.Predict(input).Score);
            }
        }
        finally
        {
            _scalarEngines.Add(scalar);
        }
    }

    private PredictionEngine<FeaturesOnly, TOut> CreateEngine<TOut>()
        where TOut : class, new() =>
        _context.Model.CreatePredictionEngine<FeaturesOnly, TOut>(_model, inputSchemaDefinition: MlNetSchemas.For<FeaturesOnly>(_width));

    // Floor keeps log finite when a Tweedie ensemble predicts an exact zero mean.
    private double ToLink(float score) => _settings.ScoreIsMean ? Math.Log(Math.Max(score, 1e-12)) : score;

    /// <inheritdoc/>
    public override string Save(string directory)
    {
        _context.Model.Save(_model, _inputSchema, Path.Combine(directory, ModelFile));
        File.WriteAllText(Path.Combine(directory, SettingsFile), JsonSerializer.Serialize(_settings, ArtifactJson.Options));
        return "mlnet";
    }

    /// <summary>Loads a scorer written by <see cref="Save"/>.</summary>
    public static MlNetScorer Load(string directory)
    {
        var settings = JsonSerializer.Deserialize<MlNetSettings>(File.ReadAllText(Path.Combine(directory, SettingsFile)), ArtifactJson.Options)
            ?? throw new InvalidDataException($"{SettingsFile} is empty");
        var context = new MLContext(seed: 0);
        var model = context.Model.Load(Path.Combine(directory, ModelFile), out var schema);
        return new MlNetScorer(context, model, schema, settings.Width, settings.Classes, settings.ScoreIsMean, settings.Fill);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            while (_scalarEngines.TryTake(out var s))
            {
                s.Dispose();
            }
            while (_vectorEngines.TryTake(out var v))
            {
                v.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}
