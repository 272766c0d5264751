namespace CompiledFlow;

/// <summary>
/// The result of one window for one key: the element a window operator emits when the watermark
/// passes the window's end. <see cref="Start"/> is inclusive, <see cref="End"/> exclusive; in event
/// time the result carries the timestamp <c>End - 1</c>, as in Flink.
/// </summary>
/// <param name="Key">The key the window belongs to.</param>
/// <param name="Start">The first millisecond of the window.</param>
/// <param name="End">The first millisecond after the window.</param>
/// <param name="Value">The accumulator the aggregate built over the window's records.</param>
public readonly record struct WindowResult<TKey, TAcc>(TKey Key, long Start, long End, TAcc Value);
