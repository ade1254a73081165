"""Merges the cases on stdin with cloud-init's own code and prints the results.

Input: a JSON list of cases, each {"mode": "parts" | "layers", "parts":
[{"yaml": text, "header": text or null, "jsonp": bool}]}. "parts" feeds the
texts to CloudConfigPartHandler, with the header as Merge-Type and jsonp parts
as text/cloud-config-jsonp, and reports the merged config and how many parts
were merged. "layers" loads each text with
yaml.safe_load and passes the list to util.mergemanydict, reporting the
result or that it raised.
"""

import json
import logging
import sys

import yaml
from cloudinit import helpers, util
from cloudinit.handlers import CONTENT_START, cloud_config

# The handler logs every part it leaves out, and the count of merged parts shows the same.
logging.disable(logging.CRITICAL)


def merge_parts(parts):
    handler = cloud_config.CloudConfigPartHandler(helpers.Paths({}))
    handler.cloud_fn = None
    handler.handle_part(None, CONTENT_START, None, None, None, None)
    for index, part in enumerate(parts):
        headers = {} if part["header"] is None else {"Merge-Type": part["header"]}
        content_type = "text/cloud-config-jsonp" if part.get("jsonp") else None
        handler.handle_part(None, content_type, "part%d" % index, part["yaml"], None, headers)
    # cloud-init reads a merged config that is not a mapping as an empty one.
    merged = handler.cloud_buf if isinstance(handler.cloud_buf, dict) else {}
    return {"result": merged, "merged": len(handler.file_names)}


def merge_layers(parts):
    layers = [yaml.safe_load(part["yaml"]) for part in parts]
    try:
        return {"result": util.mergemanydict(layers)}
    except Exception:  # noqa: BLE001 - any exception is the outcome being compared
        return {"error": True}


cases = json.load(sys.stdin)
outcomes = [
    merge_parts(case["parts"]) if case["mode"] == "parts" else merge_layers(case["parts"])
    for case in cases
]
json.dump(outcomes, sys.stdout)
