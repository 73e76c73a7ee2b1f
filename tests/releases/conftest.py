"""A partnership with a quorum of two, three firms' panelists, a convener and a small framework."""

from dataclasses import dataclass

import pytest

from curriculum.auth.models import User
from curriculum.partnerships.models import Partnership
from curriculum.releases import services as releases
from curriculum.releases.models import Release
from curriculum.standards import services as standards
from curriculum.standards.models import Framework, Standard


@dataclass
class World:
    partnership: Partnership
    framework: Framework
    convener: User
    panelists: list[User]  # one per firm
    cwf: Standard
    ka: Standard
    pis: list[Standard]

    def prepare(self, name: str = "2026 edition") -> Release:
        release = releases.prepare_release(self.framework, self.convener, name=name)
        from curriculum.extensions import db

        db.session.commit()
        return release

    def publish(self, release: Release, endorsers: int = 2) -> Release:
        from curriculum.extensions import db

        for panelist in self.panelists[:endorsers]:
            releases.endorse_release(release, panelist)
        releases.publish_release(release, self.convener)
        db.session.commit()
        return release

    def edit(self, standard: Standard, title: str) -> None:
        from curriculum.extensions import db

        standards.save_version(
            standard,
            standard.current_version.number,
            title,
            "",
            None,
            "edited",
            self.panelists[0],
        )
        db.session.commit()


@pytest.fixture
def world(factory) -> World:
    partnership = factory.partnership(quorum=2)
    convener = factory.member(partnership, "convener", name="Cora Convener")
    panelists = [factory.member(partnership, "panelist", name=f"Panelist {n}") for n in range(3)]
    framework = factory.framework(partnership, title="Production Technician")
    cwf = factory.standard(framework, None, "critical_work_function", "Maintain safety")
    ka = factory.standard(framework, cwf, "key_activity", "Inspect guarding")
    pis = [
        factory.standard(framework, ka, "performance_indicator", f"Indicator {n}") for n in range(2)
    ]
    return World(partnership, framework, convener, panelists, cwf, ka, pis)
