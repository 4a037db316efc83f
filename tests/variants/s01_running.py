"""Other answers to s01_running."""
import torch

from tests.variants import accepted, wrong


@accepted("torch_version")
def version_itself():
    return torch.__version__


@accepted("torch_version")
def version_module():
    return torch.version.__version__


@wrong("torch_version", says="typed in")
def hard_coded():
    return "2.13.0+cpu"


@wrong("torch_version", says="typed in")
def copied_from_the_tutorial():
    return "2.5.0+cu121"


@wrong("torch_version", says="torch.version.cuda")
def cuda_version():
    return torch.version.cuda


@wrong("torch_version", says="build label")
def without_label():
    return torch.__version__.split("+")[0]


@wrong("torch_version", says="somewhere else")  # the metadata has the '+cpu' label on some builds only
def from_metadata():
    from importlib.metadata import version
    return version("torch")


@wrong("torch_version", says="typed in")
def hard_coded_torch_version():
    from torch.torch_version import TorchVersion
    return TorchVersion("2.13.0+cpu")


@accepted("version_at_least")
def packaging_versions(version, major, minor):
    from packaging.version import Version
    return Version(version) >= Version(f"{major}.{minor}")


@accepted("version_at_least")
def integer_parsing(version, major, minor):
    parts = version.split("+")[0].split(".")
    return (int(parts[0]), int(parts[1])) >= (major, minor)


@accepted("version_at_least")
def release_tuple(version, major, minor):
    from packaging.version import Version
    return Version(version).release[:2] >= (major, minor)


@wrong("version_at_least", says="not the text")
def as_text(version, major, minor):
    return version >= f"{major}.{minor}"


@wrong("version_at_least", says="not the text")
def as_decimal(version, major, minor):
    return float(".".join(version.split(".")[:2])) >= float(f"{major}.{minor}")


@wrong("version_at_least", says="equal counts")
def strictly_greater(version, major, minor):
    parts = version.split("+")[0].split(".")
    return (int(parts[0]), int(parts[1])) > (major, minor)


@wrong("version_at_least", says="bigger major version")
def each_part_alone(version, major, minor):
    parts = version.split("+")[0].split(".")
    return int(parts[0]) >= major and int(parts[1]) >= minor


@wrong("version_at_least", says="the minors count only when the majors are equal")
def minor_only(version, major, minor):
    return int(version.split(".")[1]) >= minor


@wrong("version_at_least", says="whatever the patch")
def with_patch_as_decimal(version, major, minor):
    parts = version.split("+")[0].split(".")
    return (int(parts[0]), int(parts[1]) + int(parts[2]) / 9) >= (major, minor)


@wrong("version_at_least", says="expected True or False")
def returns_text(version, major, minor):
    parts = version.split("+")[0].split(".")
    return "yes" if (int(parts[0]), int(parts[1])) >= (major, minor) else "no"
