# SPDX-License-Identifier: MIT
"""The fits recover known parameters from synthetic data (numpy only, no plotting)."""

import unittest

import numpy as np

from scalelab.plot.models import fit_amdahl, fit_gustafson, karp_flatt

CORES = np.array([1, 2, 4, 8, 16, 32, 64], dtype=float)


def amdahl(t1, f, cores):
    return t1 * (f + (1 - f) / cores)


class AmdahlFitTest(unittest.TestCase):
    def test_exact_data_give_exact_parameters(self):
        fit = fit_amdahl(CORES, amdahl(2.5, 0.1, CORES))
        self.assertAlmostEqual(fit.serial_fraction, 0.1, places=10)
        self.assertAlmostEqual(fit.t1, 2.5, places=10)
        self.assertLess(fit.serial_fraction_stderr, 1e-9)

    def test_noisy_data_recover_f_within_0_01_and_its_error_is_honest(self):
        rng = np.random.default_rng(7)
        for trial in range(20):
            times = amdahl(1.0, 0.1, CORES) * rng.normal(1.0, 0.03, CORES.size)
            fit = fit_amdahl(CORES, times)
            with self.subTest(trial=trial):
                self.assertLess(abs(fit.serial_fraction - 0.1), 0.01)
                self.assertGreater(fit.serial_fraction_stderr, 0)
                self.assertLess(abs(fit.serial_fraction - 0.1),
                                4 * fit.serial_fraction_stderr + 1e-3)

    def test_two_points_fit_exactly_without_uncertainty(self):
        fit = fit_amdahl([1, 2], amdahl(1.0, 0.3, np.array([1.0, 2.0])))
        self.assertAlmostEqual(fit.serial_fraction, 0.3, places=12)
        self.assertIsNone(fit.serial_fraction_stderr)

    def test_one_core_count_cannot_be_fitted(self):
        self.assertIsNone(fit_amdahl([2, 2], [1.0, 1.1]))

    def test_extrapolation_limits(self):
        fit = fit_amdahl(CORES, amdahl(1.0, 0.1, CORES))
        self.assertIsNone(fit.out_of_range())
        self.assertAlmostEqual(float(fit.time(1e9)), 0.1, places=6)
        slower = fit_amdahl([1, 2, 4], [1.0, 1.2, 1.5])
        self.assertGreater(slower.serial_fraction, 1)
        self.assertIn("did not help", slower.out_of_range())
        faster = fit_amdahl([1, 2, 4], [1.0, 0.4, 0.2])
        self.assertLess(faster.serial_fraction, 0)
        self.assertIn("faster than linear", faster.out_of_range())


class GustafsonFitTest(unittest.TestCase):
    def test_noisy_scaled_speedup_recovers_alpha(self):
        rng = np.random.default_rng(11)
        alpha = 0.05
        speedups = (CORES - alpha * (CORES - 1)) * rng.normal(1.0, 0.01, CORES.size)
        fit = fit_gustafson(CORES, speedups)
        self.assertLess(abs(fit.serial_fraction - alpha), 0.01)
        self.assertIsNotNone(fit.serial_fraction_stderr)
        self.assertAlmostEqual(float(fit.efficiency(1)), 1.0)

    def test_needs_a_point_beyond_one_core(self):
        self.assertIsNone(fit_gustafson([1], [1.0]))


class KarpFlattTest(unittest.TestCase):
    def test_equals_f_on_amdahl_data(self):
        for cores in (2, 3, 8, 100):
            speedup = 1 / (0.07 + 0.93 / cores)
            self.assertAlmostEqual(karp_flatt(speedup, cores), 0.07, places=12)

    def test_perfect_speedup_is_zero_and_one_core_undefined(self):
        self.assertAlmostEqual(karp_flatt(8.0, 8), 0.0)
        self.assertIsNone(karp_flatt(1.0, 1))


if __name__ == "__main__":
    unittest.main()
