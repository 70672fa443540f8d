"""The stable command-line contract (argparse; never imports Qt or, for diagnose, pyhanko)."""
