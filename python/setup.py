"""Marks the wheel as platform-specific and tags it py3-none-<platform>: it
holds a native library, loaded by SQLite rather than imported by Python, so
it fits any Python 3 on the platform it was built for (linux_x86_64; not
manylinux, whose rules the build does not check). The rest is in
pyproject.toml."""

from setuptools import setup
from setuptools.dist import Distribution
from wheel.bdist_wheel import bdist_wheel


class BinaryDistribution(Distribution):
    """Installs the package into platlib, as a package with a compiled part."""

    def has_ext_modules(self):
        return True


class PlatformWheel(bdist_wheel):
    def get_tag(self):
        _, _, platform = super().get_tag()
        return "py3", "none", platform


setup(distclass=BinaryDistribution, cmdclass={"bdist_wheel": PlatformWheel})
