"""Tags the wheel py3-none-<platform>: it holds a native library, loaded by
SQLite rather than imported by Python, so it fits any Python 3 on the
platform it was built for (linux_x86_64; not manylinux, whose rules the
build does not check). Everything else is in pyproject.toml."""

from setuptools import setup
from wheel.bdist_wheel import bdist_wheel


class PlatformWheel(bdist_wheel):
    def finalize_options(self):
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self):
        _, _, platform = super().get_tag()
        return "py3", "none", platform


setup(cmdclass={"bdist_wheel": PlatformWheel})
