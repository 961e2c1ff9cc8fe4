"""Plots: valid, non-blank image files from the store's frames; clear errors."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from matplotlib import dates as mdates
from matplotlib import image as mimage

from newsevents.analytics import dyad, network
from newsevents.plots import _period_ticks, plot_dyad, plot_network
from newsevents.store import Store

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def frames(store_db):
    with Store(store_db, read_only=True) as store:
        return {"dyad": dyad(store.con, "RUS", "UKR"), "network": network(store.con),
                "usa_rus": dyad(store.con, "USA", "RUS", by="day"),
                "empty_window": dyad(store.con, "CHN", "DEU", since=dt.date(2024, 3, 1), until=dt.date(2024, 3, 31))}


def pixels(path) -> np.ndarray:
    assert path.read_bytes()[:8] == PNG_SIGNATURE
    image = mimage.imread(path)
    assert image.shape[0] > 400 and image.shape[1] > 600
    return image


def colours(image: np.ndarray) -> int:
    return len(np.unique((image[..., :3] * 255).astype(np.uint8).reshape(-1, 3), axis=0))


def test_plot_dyad_png(frames, tmp_path):
    path = plot_dyad(frames["dyad"], tmp_path / "dyad.png", a="RUS", b="UKR")
    assert path == tmp_path / "dyad.png"
    image = pixels(path)
    assert colours(image) > 20  # bars, text, markers: not a blank canvas
    reds = (image[..., 0] > 0.6) & (image[..., 1] < 0.2) & (image[..., 2] < 0.25)
    assert reds.sum() > 1000  # the material-conflict (shelling) bars are drawn


def test_plot_dyad_by_day_with_reciprocal_events(frames, tmp_path):
    image = pixels(plot_dyad(frames["usa_rus"], tmp_path / "usa-rus.png", a="usa", b="rus", by="day"))
    assert colours(image) > 20


def test_dyad_ticks_sit_on_period_starts(frames):
    # weekly periods 4..18 March 2024: one tick per week start, no stray "29" (Feb) next to "Mar"
    ticks, labels = _period_ticks(frames["dyad"]["period"], "week")
    assert labels == ["4 Mar\n2024", "11 Mar", "18 Mar"]
    assert [mdates.num2date(t).date() for t in ticks] == [dt.date(2024, 3, 4), dt.date(2024, 3, 11),
                                                           dt.date(2024, 3, 18)]
    # many periods: thinned to round steps of period starts, the year shown where it changes
    weeks = pd.date_range("2023-11-27", periods=150, freq="W-MON")
    ticks, labels = _period_ticks(weeks, "week")
    assert 4 <= len(ticks) <= 12 and len(set(np.diff(ticks))) == 1
    assert set(mdates.num2date(t).date() for t in ticks) <= set(weeks.date)
    assert [label.split("\n")[1] for label in labels if "\n" in label] == ["2023", "2024", "2025", "2026"]
    months = pd.date_range("2024-01-01", periods=3, freq="MS")
    assert _period_ticks(months, "month")[1] == ["Jan\n2024", "Feb", "Mar"]


@pytest.mark.parametrize("suffix, magic", [(".svg", b"<?xml"), (".pdf", b"%PDF")])
def test_plot_formats_by_suffix(frames, tmp_path, suffix, magic):
    assert plot_dyad(frames["dyad"], tmp_path / f"d{suffix}", a="RUS", b="UKR").read_bytes().startswith(magic)
    assert plot_network(frames["network"], tmp_path / f"n{suffix}").read_bytes().startswith(magic)


def test_plot_network_png_is_deterministic(frames, tmp_path):
    first = pixels(plot_network(frames["network"], tmp_path / "a.png", title="Store corpus"))
    assert colours(first) > 20
    second = pixels(plot_network(frames["network"], tmp_path / "b.png", title="Store corpus"))
    assert np.array_equal(first, second)


def test_empty_dyad_is_a_clear_error(frames, tmp_path):
    with pytest.raises(ValueError, match="no events for CHN-DEU in 2024-02-26 to 2024-03-25"):
        plot_dyad(frames["empty_window"], tmp_path / "x.png", a="CHN", b="DEU")
    with pytest.raises(ValueError, match="no events for USA-XYZ in the store"):
        plot_dyad(frames["dyad"].iloc[0:0], tmp_path / "x.png", a="USA", b="XYZ")
    assert not (tmp_path / "x.png").exists()


def test_empty_network_is_a_clear_error(frames, tmp_path):
    with pytest.raises(ValueError, match="empty network"):
        plot_network(frames["network"].iloc[0:0], tmp_path / "x.png")
    loops = pd.DataFrame({"source": ["USA"], "target": ["USA"], "events": [3], "mean_goldstein": [1.0]})
    with pytest.raises(ValueError, match="empty network"):
        plot_network(loops, tmp_path / "x.png")


@pytest.mark.parametrize("name", ["plot.jpg", "plot", "plot.PNG.txt"])
def test_unsupported_suffix(frames, tmp_path, name):
    with pytest.raises(ValueError, match="unsupported plot format"):
        plot_dyad(frames["dyad"], tmp_path / name, a="RUS", b="UKR")
    with pytest.raises(ValueError, match="unsupported plot format"):
        plot_network(frames["network"], tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_wrong_frame_is_a_clear_error(frames, tmp_path):
    with pytest.raises(ValueError, match="not a dyad frame"):
        plot_dyad(frames["network"], tmp_path / "x.png", a="RUS", b="UKR")
    with pytest.raises(ValueError, match="not a network frame"):
        plot_network(frames["dyad"], tmp_path / "x.png")
    with pytest.raises(ValueError, match="by must be one of"):
        plot_dyad(frames["dyad"], tmp_path / "x.png", a="RUS", b="UKR", by="year")
