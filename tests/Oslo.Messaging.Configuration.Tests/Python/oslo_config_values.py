"""Prints, as JSON, what Python's oslo.config makes of oslo config files for every oslo.messaging option.

Usage: oslo_config_values.py FILE [FILE ...]   (the files are given as --config-file, in order)

Output: {"values": {"<group>.<option>": {"set": bool, "value": ..., "error": str|null}}, "error": str|null}
"set" is true when the value came from a file (oslo.config's Locations.user); "error" per option is the
ConfigFileValueError oslo raises on reading a bad value; the top-level "error" is a file oslo cannot parse at all.
The options are the ones oslo.messaging itself registers (oslo_messaging.opts.list_opts), with their types,
bounds and deprecated names, so this is the reference the .NET reader is compared with.
"""
import json
import sys

from oslo_config import cfg
import oslo_messaging.opts

GROUPS = (None, "DEFAULT", "oslo_messaging_rabbit", "oslo_messaging_notifications")


def main(files):
    conf = cfg.ConfigOpts()
    listed = [(g, opts) for g, opts in oslo_messaging.opts.list_opts() if g in GROUPS]
    for group, opts in listed:
        conf.register_opts(opts, group=None if group in (None, "DEFAULT") else group)
    args = []
    for f in files:
        args += ["--config-file", f]
    try:
        conf(args=args, project="oslo-config-values", default_config_files=[], default_config_dirs=[])
    except Exception as e:  # a file oslo cannot parse at all
        return {"values": {}, "error": "%s: %s" % (type(e).__name__, e)}

    values = {}
    for group, opts in listed:
        name = "DEFAULT" if group in (None, "DEFAULT") else group
        node = conf if name == "DEFAULT" else conf[name]
        for opt in opts:
            key = "%s.%s" % (name, opt.name)
            try:
                value = node[opt.name]
                location = conf.get_location(opt.name, None if name == "DEFAULT" else name)
                is_set = location is not None and location.location == cfg.Locations.user
                values[key] = {"set": is_set, "value": value, "error": None}
            except Exception as e:
                values[key] = {"set": True, "value": None, "error": "%s: %s" % (type(e).__name__, e)}
    return {"values": values, "error": None}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
