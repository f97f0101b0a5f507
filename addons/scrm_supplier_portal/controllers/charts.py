"""Geometry of the portal's small charts, drawn as inline SVG by the templates
(no script: the page reads the same with JavaScript off and prints as shown).
Pure functions over plain numbers."""

WIDTH, HEIGHT, PAD = 180.0, 60.0, 4.0


def _scale(low, high, height=HEIGHT, pad=PAD):
    span = (high - low) or 1.0

    def y(value):
        return round(pad + (high - value) / span * (height - 2 * pad), 1)

    return y


def projection_chart(projected, levels, width=WIDTH, height=HEIGHT):
    """A product's projected stock over the weeks against its levels.

    :param projected: projected stock per week
    :param levels: {"min_qty": .., "max_qty": .., "safety_stock": ..}
    :return: dict with ``points`` (the polyline), ``dots`` (x, y, value per
        week), ``levels`` ({name: y}), ``zero`` (y of 0, or None when 0 is
        out of range), width and height
    """
    values = list(projected) or [0.0]
    low = min([*values, *levels.values(), 0.0])
    high = max([*values, *levels.values()])
    y = _scale(low, high, height)
    step = (width - 2 * PAD) / max(1, len(values) - 1)
    dots = [
        (round(PAD + index * step, 1), y(value), value)
        for index, value in enumerate(values)
    ]
    return {
        "points": " ".join(f"{x},{dot_y}" for x, dot_y, _v in dots),
        "dots": dots,
        "levels": {name: y(value) for name, value in levels.items()},
        "zero": y(0.0) if low < 0 else None,
        "width": width,
        "height": height,
    }


def bar_chart(values, width=WIDTH, height=HEIGHT, low=None, high=None):
    """Bars for a series of (label, value), oldest first.

    :param low, high: the axis range (default: the values' range and 0)
    :return: dict with ``bars`` (x, y, bar width, bar height, label, value),
        ``zero`` (y of the axis), width and height
    """
    numbers = [value for _label, value in values] or [0.0]
    low = min([*numbers, 0.0]) if low is None else low
    high = max([*numbers, 0.0]) if high is None else high
    if high == low:
        high = low + 1.0
    y = _scale(low, high, height)
    zero = y(0.0)
    slot = (width - 2 * PAD) / max(1, len(values))
    bars = []
    for index, (label, value) in enumerate(values):
        top = y(value)
        bars.append(
            (
                round(PAD + index * slot + slot * 0.15, 1),
                min(top, zero),
                round(slot * 0.7, 1),
                max(1.0, round(abs(zero - top), 1)),
                label,
                value,
            )
        )
    return {"bars": bars, "zero": zero, "width": width, "height": height}
