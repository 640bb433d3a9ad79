namespace RiskOps.Training.Validation;

/// <summary>
/// How rows are used: <see cref="Development"/> rows feed the search (through <see cref="Folds"/>),
/// the final fit and calibration; <see cref="Holdout"/> rows are scored once, at the end.
/// </summary>
/// <param name="Scheme">expanding-window-time-series or stratified-k-fold.</param>
/// <param name="Development">Rows the search, final fit and calibration may use.</param>
/// <param name="Holdout">Rows scored once at the end; tuning never sees them.</param>
/// <param name="Folds">Cross-validation folds over the development rows.</param>
public sealed record ValidationPlan(string Scheme, int[] Development, int[] Holdout, IReadOnlyList<Split> Folds);
