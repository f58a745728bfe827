"""/api/v1/products: the Olive Young products the results page shows for a scalp type."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from django.urls import reverse
from ninja import Field, Query, Router, Schema

from ads.counting import Segment, record_view
from ads.selectors import SPONSORED_LABEL_EN, SPONSORED_LABEL_KO, sponsored_for
from common.api_errors import ErrorOut
from common.api_schemas import EXAMPLE_ID, LabelOut, label_out
from diagnosis.models import Human
from ml.labels import SCALP_TYPE_BY_KEY
from products.selectors import product_section_for

router = Router(tags=["products"])
ScalpTypeKey = Literal[tuple(SCALP_TYPE_BY_KEY)]  # type: ignore[valid-type]


class ProductOut(Schema):
    name: str = Field(examples=["Scalp Care Shampoo 500ml"])
    brand: str = Field(examples=["Ryo"])
    price: int = Field(description="KRW", examples=[12900])
    original_price: int | None = Field(description="KRW, before discount", examples=[15900])
    discount_percent: int | None = Field(examples=[19])
    url: str = Field(examples=["https://www.oliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo=A000000000001"])
    click_url: str = Field(description="Link here to count the click: it redirects to `url`",
                           examples=["https://scalp.example.kr/products/go/12/?r=" + EXAMPLE_ID])
    image_url: str = Field(description="Empty when the stored image is not on Olive Young's image servers")


class SponsoredOut(Schema):
    campaign_id: int = Field(examples=[7])
    label: LabelOut = Field(description="Show it on the card: Korean law requires advertisements to say so")
    title: str = Field(examples=["두피 진정 앰플 1+1"])
    advertiser: str = Field(examples=["Ryo"])
    price: int | None = Field(description="KRW", examples=[19800])
    landing_url: str = Field(examples=["https://www.oliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo=A000000000002"])
    click_url: str = Field(description="Link here to count the click: it redirects to `landing_url`",
                           examples=["https://scalp.example.kr/go/c/7/?r=" + EXAMPLE_ID])
    image_url: str = Field(description="Empty when there is none on an allowed image server")


class ProductsOut(Schema):
    scalp_type: LabelOut
    keyword: str = Field(description="The Olive Young search behind the picks", examples=["탈모 샴푸"])
    more_url: str = Field(description="That search on Olive Young")
    as_of: datetime | None = Field(description="When the oldest product shown was last seen on Olive Young")
    products: list[ProductOut]
    sponsored: list[SponsoredOut] = Field(description="At most two advertisements targeting the diagnosis' scalp "
                                          "type, sex and age band; empty without a diagnosis or when its photo "
                                          "check did not pass")


class ProductsQuery(Schema):
    scalp_type: ScalpTypeKey = Field(description="A scalp type key", examples=["hair_loss"])
    diagnosis: UUID | None = Field(None, description="A diagnosis' public id: the very products its results page "
                                   "shows, ranked for its sex and age band, and its sponsored cards. Without it, "
                                   "a fixed pick for the scalp type.", examples=[EXAMPLE_ID])


@router.get("/products", response={200: ProductsOut, 400: ErrorOut}, operation_id="products_for_scalp_type",
            summary="Products for a scalp type")
def for_scalp_type(request, query: Query[ProductsQuery]):
    """Active, in-stock products for the scalp type, with the link to search for more. Asking with a
    diagnosis counts the cards as shown once (as its results page does), unless the client is a robot."""
    human = Human.objects.filter(public_id=query.diagnosis).first() if query.diagnosis else None
    if human is not None and human.skin != query.scalp_type:
        human = None  # another type's products: no segment, no sponsored cards
    seed = str(query.diagnosis) if query.diagnosis else ""
    section = product_section_for(scalp_type=query.scalp_type, seed=seed,
                                  segment=Segment.of(human) if human else None)
    sponsored = sponsored_for(human=human) if human else []
    if human:
        record_view(request=request, human=human, product_ids=[c.pk for c in section.cards],
                    campaign_ids=[c.campaign_id for c in sponsored])
    return {"scalp_type": label_out(SCALP_TYPE_BY_KEY[query.scalp_type]), "keyword": section.keyword,
            "more_url": section.more_url, "as_of": section.as_of,
            "products": [_product_out(request, card, seed) for card in section.cards],
            "sponsored": [_sponsored_out(request, card, seed) for card in sponsored]}


def _click_url(request, name: str, pk: int, seed: str) -> str:
    return request.build_absolute_uri(reverse(name, args=[pk]) + (f"?r={seed}" if seed else ""))


def _product_out(request, card, seed: str) -> dict:
    fields = {k: v for k, v in card.__dict__.items() if k != "pk"}
    return {**fields, "click_url": _click_url(request, "products:click", card.pk, seed)}


def _sponsored_out(request, card, seed: str) -> dict:
    return {**card.__dict__, "label": {"key": "sponsored", "ko": SPONSORED_LABEL_KO, "en": SPONSORED_LABEL_EN},
            "click_url": _click_url(request, "ads:campaign_click", card.campaign_id, seed)}
