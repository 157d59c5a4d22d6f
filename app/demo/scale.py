"""The knobs of a demo data set. One generator serves every scale; only these numbers differ."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from app.domain.enums import CommitteeLevel, ForwardLevel


@dataclass(frozen=True)
class DemoScale:
    """Size and shape of a demo committee.

    Terms are laid out backwards from ``term_start`` (the current term) in five-year steps;
    activity (events, proposals, opinion reports, honors) covers the ``years`` calendar years
    that end with the year of ``today``. Per-year volumes are for a full year.
    """

    name: str
    level: CommitteeLevel
    region: str  # 示范县
    parent_region: str  # 示范市
    founded_year: int
    term_number: int  # the current 届
    term_start: dt.date
    previous_terms: int
    years: int
    members: int  # seats of the current term (a few leave, a few are added)
    standing: int  # 常委, the chair, vice-chairs and secretary-general included
    vice_chairs: int
    former_members: int  # people who sat in earlier terms only
    continuing_share: float  # share of current members who also sat in the previous term
    liaison_groups: int
    member_homes: int
    studios: int
    activity_factor: float  # multiplies the yearly count of every scalable event kind
    participant_factor: float  # multiplies the participant range of scalable events
    proposals_per_year: int
    opinions_per_year: int
    honors_per_year: int
    session_months: tuple[int, ...]  # month of the 2nd, 3rd … plenary (the 1st opens the term)
    area_codes: tuple[str, ...]  # ID-number area codes, the local one first
    subdivisions: tuple[str, ...]  # townships (county) or counties and districts (city)
    # (level, share of all reports forwarded there, share of those forwarded that it adopts)
    forwards: tuple[tuple[ForwardLevel, float, float], ...]

    @property
    def is_city(self) -> bool:
        return self.level is CommitteeLevel.CITY

    def scaled(self, factor: float) -> DemoScale:
        """The same committee with every volume multiplied by ``factor``.

        Structural sizes keep a floor (a committee still needs a chair, vice-chairs and
        enough members to fill its groups), so ``CITY_DECADE.scaled(0.01)`` is a quick,
        complete miniature of the benchmark set for tests.
        """

        def vol(n: int, floor: int) -> int:
            return max(floor, round(n * factor))

        return dataclasses.replace(
            self,
            name=f"{self.name}×{factor:g}",
            members=vol(self.members, 60),
            standing=vol(self.standing, 15),
            former_members=vol(self.former_members, 20),
            activity_factor=self.activity_factor * factor,
            proposals_per_year=vol(self.proposals_per_year, 12),
            opinions_per_year=vol(self.opinions_per_year, 20),
            honors_per_year=vol(self.honors_per_year, 3),
        )


_COUNTY_TOWNSHIPS = (
    "示范镇", "城关镇", "东阳镇", "西河镇", "南岭镇", "北坪镇",
    "石桥镇", "柳林乡", "杏花乡", "青龙乡", "白云乡", "龙泉乡",
)  # fmt: skip
_CITY_DISTRICTS = (
    "示范区", "东城区", "西城区", "东阳县", "西河县", "南岭县",
    "北坪县", "石桥县", "柳林县", "杏花县", "青龙县", "龙泉市",
)  # fmt: skip

COUNTY = DemoScale(
    name="county",
    level=CommitteeLevel.COUNTY,
    region="示范县",
    parent_region="示范市",
    founded_year=1984,
    term_number=10,
    term_start=dt.date(2021, 12, 20),
    previous_terms=1,
    years=2,
    members=220,
    standing=35,
    vice_chairs=5,
    former_members=40,
    continuing_share=0.45,
    liaison_groups=12,
    member_homes=4,
    studios=4,
    activity_factor=1.0,
    participant_factor=1.0,
    proposals_per_year=250,
    opinions_per_year=400,
    honors_per_year=25,
    session_months=(2, 2, 2, 1),  # 十届四次 2025-02, 十届五次 2026-01
    area_codes=("140428", "140421", "140402", "140481", "140525", "410581"),
    subdivisions=_COUNTY_TOWNSHIPS,
    forwards=(
        (ForwardLevel.CITY, 0.26, 0.45),
        (ForwardLevel.PROVINCE, 0.08, 0.35),
        (ForwardLevel.NATIONAL, 0.025, 0.3),
    ),
)

# The benchmark set: a city committee, three terms of activity over ten years.
CITY_DECADE = DemoScale(
    name="city-decade",
    level=CommitteeLevel.CITY,
    region="示范市",
    parent_region="示范省",
    founded_year=1955,
    term_number=14,
    term_start=dt.date(2022, 1, 8),
    previous_terms=8,
    years=10,
    members=600,
    standing=90,
    vice_chairs=7,
    former_members=3000,
    continuing_share=0.4,
    liaison_groups=12,
    member_homes=36,
    studios=8,
    activity_factor=29.6,
    participant_factor=0.9,
    proposals_per_year=600,
    opinions_per_year=4000,
    honors_per_year=60,
    session_months=(1, 1, 1, 1),
    area_codes=("140402", "140403", "140421", "140425", "140428", "140481", "140430"),
    subdivisions=_CITY_DISTRICTS,
    forwards=((ForwardLevel.PROVINCE, 0.22, 0.17), (ForwardLevel.NATIONAL, 0.03, 0.25)),
)

SCALES: dict[str, DemoScale] = {s.name: s for s in (COUNTY, CITY_DECADE)}
