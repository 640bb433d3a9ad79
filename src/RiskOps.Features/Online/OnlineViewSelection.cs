namespace RiskOps.Features.Online;

/// <summary>Features read from one view, keyed by the request's join key at <paramref name="KeyIndex"/>.</summary>
/// <param name="View">The view.</param>
/// <param name="Features">Feature names in serving order (numeric or categorical, as the view's schema says).</param>
/// <param name="KeyIndex">Index of the entity key in the keys passed to <see cref="IOnlineReader.Read"/>.</param>
public sealed record OnlineViewSelection(string View, IReadOnlyList<string> Features, int KeyIndex);
