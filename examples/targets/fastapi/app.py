"""A small FastAPI app for errprobe's end-to-end suite.

Written the idiomatic way for the FastAPI that Debian 12 ships (0.92,
pydantic 1.10): pydantic models with constrained fields, path/query/header
parameters, and a bearer-token dependency with two roles. Error handling is
FastAPI's own: 422 {"detail": [...]} for validation, {"detail": "..."} for
HTTPException. What a correct audit reports is argued in EXPECTED.md.

    /usr/bin/python3 app.py --port 18090          # serve
    /usr/bin/python3 app.py --export openapi.json # write the description
"""

import argparse
import json
import sys
from typing import Dict, List, Optional

import uvicorn
from fastapi import Depends, FastAPI, Header, HTTPException, Path, Query, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

TOKENS = {"admin-token": "admin", "reader-token": "reader"}

app = FastAPI(title="errprobe FastAPI target", version="1.0.0")

# auto_error=True: FastAPI itself rejects a request without a bearer token.
# Before FastAPI 0.109 it does so with 403 and no WWW-Authenticate (EXPECTED.md).
bearer = HTTPBearer()


def current_role(creds: HTTPAuthorizationCredentials = Depends(bearer)) -> str:
    role = TOKENS.get(creds.credentials)
    if role is None:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Invalid bearer token",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return role


def admin_role(role: str = Depends(current_role)) -> str:
    if role != "admin":
        raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail="Admin role required")
    return role


class ItemIn(BaseModel):
    name: str = Field(..., min_length=1, max_length=50, example="Widget")
    price: float = Field(..., gt=0, le=10000, example=9.5)
    quantity: int = Field(0, ge=0, le=1000, example=3)
    tags: List[str] = Field(default_factory=list, max_items=5, example=["tools"])


class Item(ItemIn):
    id: int


ITEMS: Dict[int, Item] = {
    1: Item(id=1, name="Hammer", price=12.0, quantity=4, tags=["tools"]),
    2: Item(id=2, name="Saw", price=20.0, quantity=1, tags=["tools"]),
    3: Item(id=3, name="Glue", price=3.5, quantity=10, tags=[]),
}


@app.get("/health")
def health() -> Dict[str, bool]:
    return {"ok": True}


@app.get("/items", response_model=List[Item])
def list_items(
    limit: int = Query(10, ge=1, le=100, example=10),
    role: str = Depends(current_role),
) -> List[Item]:
    return list(ITEMS.values())[:limit]


@app.post("/items", response_model=Item, status_code=status.HTTP_201_CREATED)
def create_item(item: ItemIn, role: str = Depends(admin_role)) -> Item:
    new = Item(id=max(ITEMS, default=0) + 1, **item.dict())
    ITEMS[new.id] = new
    return new


@app.get("/items/{item_id}", response_model=Item)
def get_item(
    item_id: int = Path(..., ge=1, le=1000000, example=1),
    role: str = Depends(current_role),
) -> Item:
    if item_id not in ITEMS:
        raise HTTPException(status_code=404, detail="Item not found")
    return ITEMS[item_id]


@app.delete("/items/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_item(
    item_id: int = Path(..., ge=1, le=1000000, example=3),
    role: str = Depends(admin_role),
) -> None:
    if item_id not in ITEMS:
        raise HTTPException(status_code=404, detail="Item not found")
    del ITEMS[item_id]


@app.get("/search", response_model=List[Item])
def search(
    q: str = Query(..., min_length=2, max_length=40, example="ham"),
    x_tenant: str = Header(..., example="acme"),
    role: str = Depends(current_role),
) -> List[Item]:
    return [i for i in ITEMS.values() if q.lower() in i.name.lower()]


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=18090)
    ap.add_argument("--export", metavar="FILE", help="write the OpenAPI description and exit")
    args = ap.parse_args(argv)
    if args.export:
        with open(args.export, "w", encoding="utf-8") as f:
            json.dump(app.openapi(), f, indent=2, sort_keys=True)
            f.write("\n")
        return 0
    print(f"listening on http://{args.host}:{args.port}", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
