"""The brand's inputs: one validated object that the forecast and the optimizer read."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from planner import calibration as cal
from planner.errors import BriefError


class Goal(StrEnum):
    ENGAGEMENT = "engagement"
    REACH = "reach"
    CLICKS = "clicks"
    CONVERSIONS = "conversions"


MAX_BUDGET = 1_000_000_000  # USD, the largest budget a brief accepts


Share = Annotated[float, Field(ge=0.0, le=1.0)]


class MixRule(BaseModel):
    """Bounds on one group of the plan (a tier, a platform or a category)."""

    model_config = ConfigDict(extra="forbid")

    min_count: int = Field(0, ge=0, description="At least this many influencers")
    max_count: int | None = Field(None, ge=0, description="At most this many influencers")
    min_share: Share = Field(0.0, description="At least this share of the plan's spend")
    max_share: Share = Field(1.0, description="At most this share of the plan's spend")

    @model_validator(mode="after")
    def _ordered(self) -> MixRule:
        if self.max_count is not None and self.max_count < self.min_count:
            raise ValueError(f"max_count {self.max_count} is below min_count {self.min_count}")
        if self.max_share < self.min_share:
            raise ValueError(
                f"max_share {self.max_share:.0%} is below min_share {self.min_share:.0%}"
            )
        return self


class Brief(BaseModel):
    """Budget, goal, rules and assumptions of one campaign."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    budget: float = Field(50_000, gt=0, le=MAX_BUDGET, description="Total spend allowed, USD")
    goal: Goal = Field(Goal.ENGAGEMENT, description="What the plan maximises")
    tier_bands: dict[str, int] = Field(
        default_factory=lambda: dict(cal.DEFAULT_TIER_BANDS),
        description="Lowest follower count of each tier, ascending",
    )
    tier_rules: dict[str, MixRule] = Field(default_factory=dict)
    platform_rules: dict[str, MixRule] = Field(default_factory=dict)
    category_rules: dict[str, MixRule] = Field(default_factory=dict)
    categories: list[str] = Field(
        default_factory=list, description="Only these niches (empty: all)"
    )
    platforms: list[str] = Field(
        default_factory=list, description="Only these platforms (empty: all)"
    )
    countries: list[str] = Field(
        default_factory=list,
        description="Audience countries where the product is sold (empty: all)",
    )
    max_fake_share: Share = Field(1.0, description="Leave out audiences with more fake followers")
    max_share_per_influencer: Share = Field(
        1.0, description="No one influencer may take more than this share of the budget"
    )
    cost_per_influencer: float = Field(
        cal.COST_PER_INFLUENCER.value,
        ge=0,
        le=MAX_BUDGET,
        description="Assumption: the brand's own cost per influencer in the plan, USD",
    )
    max_influencers: int | None = Field(
        None, ge=1, description="At most this many influencers: the team's capacity (None: any)"
    )
    max_posts: int = Field(1, ge=1, le=10, description="Posts each chosen influencer may make")
    content_format: str = Field("post", description="post, story or video")
    pinned: list[str] = Field(default_factory=list, description="Handles that must be in the plan")
    excluded: list[str] = Field(default_factory=list, description="Handles never in the plan")
    category_fit: dict[str, Share] = Field(
        default_factory=dict,
        description="Share of a niche's audience that cares about the product (others: 1)",
    )
    audience_pools: dict[str, Annotated[float, Field(gt=0)]] = Field(
        default_factory=dict,
        description='People in an audience cell, "COUNTRY/category" (e.g. "US/food"); others: '
        "the default of planner/audience.py",
    )
    click_through_rates: dict[str, Share] = Field(
        default_factory=dict, description='Per "platform/format", over the published table'
    )
    conversion_rates: dict[str, Share] = Field(
        default_factory=dict, description="Per tier, over the published table"
    )
    click_through_rate: Share | None = Field(
        None, description="Every platform/format not in click_through_rates (None: the table)"
    )
    conversion_rate: Share | None = Field(
        None, description="Every tier not in conversion_rates (None: the table)"
    )
    extra_post_factor: Share = Field(cal.EXTRA_POST_FACTOR.value, description="Assumption")
    platform_shock: Share = Field(
        cal.PLATFORM_SHOCK_CV.value,
        description="Assumption: a swing common to every post on one platform (an algorithm "
        "change), as a coefficient of variation; it widens the outcome's P10-P90",
    )

    @field_validator("platforms", mode="after")
    @classmethod
    def _platform_names(cls, value: list[str]) -> list[str]:
        return [p.strip().lower() for p in value]  # as the roster loader writes them

    @field_validator("platform_rules", mode="after")
    @classmethod
    def _platform_rule_names(cls, value: dict[str, MixRule]) -> dict[str, MixRule]:
        return {p.strip().lower(): rule for p, rule in value.items()}

    @field_validator("click_through_rates", mode="after")
    @classmethod
    def _cells(cls, value: dict[str, float]) -> dict[str, float]:
        cells = {k.strip().lower(): rate for k, rate in value.items()}
        known = {f"{p}/{f}" for p in cal.PLATFORMS for f in cal.FORMATS}
        unknown = sorted(set(cells) - known)
        if unknown:
            raise ValueError(
                f"unknown platform/format: {', '.join(unknown)}; each key is one of "
                f"{', '.join(cal.PLATFORMS)}, a slash, and one of {', '.join(cal.FORMATS)}"
            )
        return cells

    @field_validator("audience_pools", mode="after")
    @classmethod
    def _pool_cells(cls, value: dict[str, float]) -> dict[str, float]:
        cells = {k.strip(): people for k, people in value.items()}
        bad = sorted(k for k in cells if not all(part.strip() for part in k.partition("/")))
        if bad:
            raise ValueError(
                f'each key is an audience country, a slash and a category, e.g. "US/food" '
                f"(given: {', '.join(repr(k) for k in bad)})"
            )
        return cells

    @model_validator(mode="after")
    def _consistent(self) -> Brief:
        if self.content_format not in cal.FORMATS:
            raise ValueError(f"content_format must be one of {', '.join(cal.FORMATS)}")
        bands = list(self.tier_bands.values())
        if not bands or bands[0] != 0 or bands != sorted(set(bands)):
            raise ValueError(
                "tier_bands must start at 0 and rise strictly, e.g. nano 0, micro 10000"
            )
        for field in ("tier_rules", "conversion_rates"):
            unknown = set(getattr(self, field)) - set(self.tier_bands)
            if unknown:
                raise ValueError(f"{field} name unknown tiers: {', '.join(sorted(unknown))}")
        both = set(self.pinned) & set(self.excluded)
        if both:
            raise ValueError(f"handles both pinned and excluded: {', '.join(sorted(both))}")
        for name, rules in self.rule_groups().items():
            low = sum(r.min_share for r in rules.values())
            if low > 1 + 1e-9:
                raise ValueError(f"{name} minimum shares add up to {low:.0%}, more than 100%")
        return self

    def rule_groups(self) -> dict[str, dict[str, MixRule]]:
        """The mix rules by the roster column they group on."""
        return {
            "tier": self.tier_rules,
            "platform": self.platform_rules,
            "category": self.category_rules,
        }

    def ctr(self, platform: str, fmt: str) -> float:
        """Clicks per person reached: this cell's override, else the brief's one rate for all,
        else the published table (calibration.CLICK_THROUGH_RATES)."""
        rate = self.click_through_rates.get(f"{platform}/{fmt}", self.click_through_rate)
        return cal.ctr_figure(platform, fmt).value if rate is None else rate

    def cvr(self, tier: str) -> float:
        """Purchases per click: this tier's override, else the brief's one rate for all, else
        the published table (calibration.CONVERSION_RATES)."""
        rate = self.conversion_rates.get(tier, self.conversion_rate)
        return cal.cvr_figure(tier).value if rate is None else rate

    def fit(self, category: str) -> float:
        """Share of this niche's audience that cares about the product: 1 unless named."""
        return self.category_fit.get(category, 1.0)

    def with_budget(self, budget: float) -> Brief:
        return Brief.parse({**self.model_dump(), "budget": float(budget)})

    def structure(self) -> str:
        """The brief minus its budget, as JSON: what one Planner serves (only the budget may
        change between its plans), and so the key its caches go by."""
        return self.model_dump_json(exclude={"budget"})

    @classmethod
    def parse(cls, data: dict) -> Brief:
        """Validate a dict into a brief, turning pydantic's errors into one clear BriefError."""
        try:
            return cls.model_validate(data)
        except ValidationError as err:
            raise BriefError(describe_errors(err)) from None

    @classmethod
    def from_json_file(cls, path: str | Path) -> Brief:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            raise BriefError(f"brief file {path} does not exist") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise BriefError(f"brief file {path} is not valid JSON: {err}") from None
        except OSError as err:
            raise BriefError(f"cannot read brief file {path}: {err.strerror}") from None
        if not isinstance(data, dict):
            raise BriefError(f'brief file {path} must hold a JSON object, e.g. {{"budget": 50000}}')
        return cls.parse(data)


def describe_errors(err: ValidationError) -> str:
    """One line per problem: the field's path, what is wrong, and the value given."""
    lines = []
    for e in err.errors():
        where = ".".join(str(p) for p in e["loc"])
        msg = e["msg"].removeprefix("Value error, ")
        given = e.get("input")
        shown = "" if isinstance(given, dict) else f" (given: {given!r})"
        lines.append(f"brief field '{where}': {msg}{shown}" if where else f"brief: {msg}")
    return "\n".join(lines)
