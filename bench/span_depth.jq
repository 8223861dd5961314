# Span count and maximum depth of the first trace of a Jaeger v1 answer, the way it is done
# with jq today: a parent map, then each span's chain walked up to its root.
.data[0].spans
| (reduce .[] as $s ({}; .[$s.spanID] = ([$s.references[]? | select(.refType == "CHILD_OF") | .spanID][0]))) as $parent
| [length,
   (map(.spanID | [recurse(if $parent[.] != null then $parent[.] else empty end)] | length) | max)]
