"""Bill of materials structure: low-level codes and cycle detection."""

from collections import deque

from .data import BomCycleError


def explodes(item):
    """Whether the item passes requirements to its bom_lines (make or phantom)."""
    return item.phantom or item.supply_method == "make"


def low_level_codes(items):
    """Low-level code of every item: 0 for items no exploding item uses, else
    the highest code of its parents + 1 (the deepest level it appears at).

    Only make items and phantom kits count as parents: the bill of materials of a
    bought item is never exploded. Runs in O(items + BoM lines) (Kahn's
    topological order); raises :class:`BomCycleError` naming one cycle when the
    BoMs contain themselves, and ``ValueError`` for a component that is not in
    ``items``.
    """
    children = {}
    indegree = dict.fromkeys(items, 0)
    for item_id, item in items.items():
        if not item.bom_lines or not explodes(item):
            continue
        components = []
        for line in item.bom_lines:
            component_id = line.component_id
            if component_id not in indegree:
                raise ValueError(
                    f"Item {item.name!r} ({item_id}): component {component_id} of its "
                    "bill of materials is not among the planned items."
                )
            indegree[component_id] += 1
            components.append(component_id)
        children[item_id] = components
    codes = {}
    queue = deque(item_id for item_id, count in indegree.items() if not count)
    for item_id in queue:
        codes[item_id] = 0
    while queue:
        item_id = queue.popleft()
        code = codes[item_id] + 1
        for component_id in children.get(item_id, ()):
            if codes.get(component_id, -1) < code:
                codes[component_id] = code
            indegree[component_id] -= 1
            if not indegree[component_id]:
                queue.append(component_id)
    if any(indegree.values()):
        raise _cycle_error(items, children, indegree)
    return codes


def _cycle_error(items, children, indegree):
    """The error naming one cycle among the items Kahn's order could not reach.

    Each of them still has a parent among them, so walking up parents from any of
    them must come back to an item already seen: that loop is a cycle. It is
    reported parent first, starting at its smallest item id.
    """
    stuck = {item_id for item_id, count in indegree.items() if count}
    parents = {}
    for parent_id, components in children.items():
        if parent_id in stuck:
            for component_id in components:
                if component_id in stuck:
                    parents.setdefault(component_id, []).append(parent_id)
    node = min(stuck)
    seen = {}
    path = []
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = min(parents[node])
    cycle = path[seen[node] :]
    cycle.reverse()  # walked from child to parent
    start = cycle.index(min(cycle))
    cycle = cycle[start:] + cycle[:start]
    cycle.append(cycle[0])
    return BomCycleError(cycle, [items[item_id].name for item_id in cycle])
