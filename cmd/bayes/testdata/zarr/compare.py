"""Open a bayes Zarr store with xarray and compare every value with the
Stan CSV files of the same run (same model, data, seed).

usage: compare.py STORE DATA_JSON LOG_LIK POST_PRED OBSERVED CSV...

POST_PRED names the variable expected in posterior_predictive, OBSERVED the
data variables expected in observed_data (comma-separated).

Each group is opened as xr.open_zarr(STORE, group=...). A chain's draws are
compared with the first draws of its CSV file; in a store from an
interrupted run (its root attribute draws_written says how many draws each
chain wrote) the draws after a chain's count must be fill values (NaN, -1
for tree_depth and n_steps, False for diverging). Prints one "ok" line with
the number of values compared, or raises.
"""
import csv
import json
import sys

import numpy as np
import xarray as xr
import zarr

store, data_file, log_lik, post_pred, observed, csvs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5].split(","), sys.argv[6:]

def read_csv(path):
    with open(path) as f:
        rows = [r for r in csv.reader(line for line in f if not line.startswith("#"))]
    header, body = rows[0], rows[1:]
    return {name: np.array([float(r[i]) for r in body]) for i, name in enumerate(header)}

chains = [read_csv(p) for p in csvs]
written = zarr.open_group(store, mode="r").attrs["draws_written"]
assert len(written) == len(chains), (written, len(chains))
compared = 0

def stan_name(name, idx):
    return ".".join([name] + [str(i + 1) for i in idx])

def check(group, var, column, fill):
    """Compare group/var's every element with the CSV column of its name."""
    global compared
    ds = xr.open_zarr(store, group=group)
    da = ds[var]
    assert da.dims[:2] == ("chain", "draw"), da.dims
    for d in da.dims[2:]:
        assert d.startswith(var + "_dim_"), d
    values = da.values
    for c, rows in enumerate(chains):
        n = written[c]
        for idx in np.ndindex(*values.shape[2:]):
            col = column(idx)
            got = values[(c, slice(None)) + idx]
            want = rows[col][:n]
            if not np.array_equal(got[:n].astype(float), want, equal_nan=True):
                raise AssertionError(f"{group}/{var}{list(idx)} chain {c}: zarr {got[:n][:5]} csv {want[:5]}")
            rest = got[n:]
            if fill is None:
                ok = np.all(np.isnan(rest.astype(float)))
            else:
                ok = np.all(rest == fill)
            if not ok:
                raise AssertionError(f"{group}/{var} chain {c} after its {n} draws: {rest[:5]}, want fill")
            compared += n

post = xr.open_zarr(store, group="posterior")
names = {k.split(".")[0] for k in chains[0] if not k.endswith("__")}
for var in names:
    group = {log_lik: "log_likelihood", post_pred: "posterior_predictive"}.get(var, "posterior")
    check(group, var, lambda idx, v=var: stan_name(v, idx), None)
assert log_lik not in post and post_pred not in post, "log_lik or the replicated data is also in posterior"
stats = {"lp": ("lp__", None), "acceptance_rate": ("accept_stat__", None), "step_size": ("stepsize__", None),
         "tree_depth": ("treedepth__", -1), "n_steps": ("n_leapfrog__", -1), "diverging": ("divergent__", False),
         "energy": ("energy__", None)}
ss = xr.open_zarr(store, group="sample_stats")
assert ss["diverging"].dtype == bool and ss["tree_depth"].dtype == np.int64, (ss["diverging"].dtype, ss["tree_depth"].dtype)
for var, (col, fill) in stats.items():
    check("sample_stats", var, lambda idx, c=col: c, fill)
im = ss["inv_metric"]
assert im.dims[0] == "chain" and im.dims[1] == "inv_metric_dim_0", im.dims
assert np.all(np.isfinite(im.values)) and np.all(im.values > 0), im.values

with open(data_file) as f:
    data = json.load(f)
seen = set()
for group in ("observed_data", "constant_data"):
    ds = xr.open_zarr(store, group=group)
    for var in ds.data_vars:
        assert np.array_equal(ds[var].values, np.array(data[var])), (group, var)
        seen.add(var)
        compared += ds[var].size
assert seen == set(data), (seen, set(data))
obs = list(xr.open_zarr(store, group="observed_data").data_vars)
assert obs == observed, (obs, observed)
print(f"ok {compared} values; draws_written {written}; observed {obs}")
