using LambdaSlim.Core.Closure;
using LambdaSlim.Core.Layers;

namespace LambdaSlim.Core.Runtime;

/// <summary>
/// One run-time part as it goes into the image: why it is in, the files the report lists (libraries one by one, a
/// data set as one row), and its layer.
/// </summary>
public sealed record ResolvedPart(RuntimePart Part, string Reason, IReadOnlyList<ClosureFile> Files, LayerTree Layer);
