"""/api/v1/products: the Olive Young products the results page shows for a scalp type."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Query, Router, Schema

from common.api_errors import ErrorOut
from common.api_schemas import EXAMPLE_ID, LabelOut, label_out
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
    image_url: str = Field(description="Empty when the stored image is not on Olive Young's image servers")


class ProductsOut(Schema):
    scalp_type: LabelOut
    keyword: str = Field(description="The Olive Young search behind the picks", examples=["탈모 샴푸"])
    more_url: str = Field(description="That search on Olive Young")
    as_of: datetime | None = Field(description="When the oldest product shown was last seen on Olive Young")
    products: list[ProductOut]


class ProductsQuery(Schema):
    scalp_type: ScalpTypeKey = Field(description="A scalp type key", examples=["hair_loss"])
    diagnosis: UUID | None = Field(None, description="A diagnosis' public id: the very products its results page "
                                   "shows. Without it, a fixed pick for the scalp type.", examples=[EXAMPLE_ID])


@router.get("/products", response={200: ProductsOut, 400: ErrorOut}, operation_id="products_for_scalp_type",
            summary="Products for a scalp type")
def for_scalp_type(request, query: Query[ProductsQuery]):
    """Active, in-stock products for the scalp type, with the link to search for more."""
    seed = str(query.diagnosis) if query.diagnosis else ""
    section = product_section_for(scalp_type=query.scalp_type, seed=seed)
    return {"scalp_type": label_out(SCALP_TYPE_BY_KEY[query.scalp_type]), "keyword": section.keyword,
                 "more_url": section.more_url, "as_of": section.as_of,
                 "products": [card.__dict__ for card in section.cards]}
