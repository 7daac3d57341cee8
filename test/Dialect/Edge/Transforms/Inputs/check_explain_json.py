"""Reads an --fusemax-*=explain=json derivation from stdin and checks its
schema (every key, with its type) and, for `derived`, the 3-pass to 1-pass
attention derivation; for `refused`, a refusal with a reason."""
import json
import sys

d = json.load(sys.stdin)
schema = {"cascade": str, "driver": str, "goal": int, "passesBefore": int,
          "passesAfter": int, "steps": list, "refusals": list}
step_schema = {"index": int, "rule": str, "identity": str, "equation": str,
               "precondition": str, "matched": list, "produced": list,
               "passesBefore": int, "passesAfter": int,
               "offChipBytesBefore": int, "offChipBytesAfter": int}
for key, kind in schema.items():
    assert isinstance(d[key], kind), (key, d.get(key))
for step in d["steps"]:
    for key, kind in step_schema.items():
        assert isinstance(step[key], kind), (key, step)
    for einsum in step["matched"]:
        assert set(einsum) == {"name", "location"}, einsum
for r in d["refusals"]:
    assert set(r) == {"rule", "einsum", "reason"} and r["reason"], r
if sys.argv[1] == "derived":
    assert (d["passesBefore"], d["passesAfter"], d["goal"]) == (3, 1, 1), d
    assert [s["identity"] for s in d["steps"]] == ["D", "S", "S", "S", "S", "O"]
    assert d["steps"][0]["matched"][0]["name"] == "AV"
    assert d["steps"][-1]["passesAfter"] == 1 and not d["refusals"]
else:
    assert d["passesAfter"] == 2 and d["refusals"][0]["rule"] == "reduce-to-iterate"
print("ok")
