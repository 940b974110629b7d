"""A small Flask books API validated by webargs and described by apispec.

Debian 12's Flask 2.2, webargs 8.0.1, apispec 5.2.2 and marshmallow 3.18
(apt-get install python3-flask python3-webargs python3-apispec
python3-marshmallow python3-yaml). marshmallow schemas validate bodies and
query strings through webargs' use_args; apispec's MarshmallowPlugin turns the
same schemas into an OpenAPI 3 description, served at /openapi.json.
Run: /usr/bin/python3 app.py --port N
"""
import re
import sys

from apispec import APISpec, BasePlugin, yaml_utils
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask, abort, jsonify
from marshmallow import Schema, fields, validate
from webargs.flaskparser import use_args

GENRES = ["fiction", "history", "science", "poetry"]

app = Flask(__name__)
BOOKS = {
    1: {"id": 1, "title": "Dune", "year": 1965, "genre": "fiction", "author": "Frank Herbert"},
    2: {"id": 2, "title": "SPQR", "year": 2015, "genre": "history", "author": "Mary Beard"},
    3: {"id": 3, "title": "Cosmos", "year": 1980, "genre": "science", "author": "Carl Sagan"},
}
NEXT_ID = [4]


class OrderedSchema(Schema):
    # Declaration order, not set order, so /openapi.json is the same every start.
    class Meta:
        ordered = True


class BookInSchema(OrderedSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    year = fields.Integer(required=True, validate=validate.Range(min=0, max=2100))
    genre = fields.String(required=True, validate=validate.OneOf(GENRES))
    author = fields.String(validate=validate.Length(max=200))


class BookSchema(BookInSchema):
    id = fields.Integer(required=True)


class ListArgsSchema(OrderedSchema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))


class ErrorSchema(OrderedSchema):
    errors = fields.Dict(required=True, metadata={"description": "messages by location and field"})


class NotFoundSchema(OrderedSchema):
    message = fields.String(required=True)


# webargs' documented Flask error handler: use_args aborts with 422 (400 for
# a body that is not JSON) and puts its messages in the exception's data.
@app.errorhandler(400)
@app.errorhandler(422)
def handle_validation_error(err):
    messages = getattr(err, "data", {}).get("messages", ["Invalid request."])
    return jsonify({"errors": messages}), err.code


@app.errorhandler(404)
def handle_not_found(err):
    return jsonify({"message": err.description}), 404


@app.get("/health")
def health():
    return jsonify(status="ok")


@app.get("/books")
@use_args(ListArgsSchema, location="query")
def list_books(args):
    """List books.
    ---
    get:
      parameters:
      - in: query
        schema: ListArgsSchema
      responses:
        200:
          description: a page of books
          content:
            application/json:
              schema:
                type: array
                items: BookSchema
        422:
          description: invalid query parameters
          content:
            application/json:
              schema: ErrorSchema
    """
    books = sorted(BOOKS.values(), key=lambda b: b["id"])
    return jsonify(books[args["offset"]:args["offset"] + args["limit"]])


@app.post("/books")
@use_args(BookInSchema, location="json")
def create_book(args):
    """Add a book.
    ---
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: BookInSchema
      responses:
        201:
          description: the book added
          content:
            application/json:
              schema: BookSchema
        400:
          description: the body is not JSON
          content:
            application/json:
              schema: ErrorSchema
        422:
          description: invalid book
          content:
            application/json:
              schema: ErrorSchema
    """
    book = dict(args, id=NEXT_ID[0])
    NEXT_ID[0] += 1
    BOOKS[book["id"]] = book
    return jsonify(book), 201


@app.get("/books/<int:book_id>")
def get_book(book_id):
    """Get a book.
    ---
    get:
      parameters:
      - BookId
      responses:
        200:
          description: the book
          content:
            application/json:
              schema: BookSchema
        404:
          description: no such book
          content:
            application/json:
              schema: NotFoundSchema
    """
    if book_id not in BOOKS:
        abort(404, description=f"Book {book_id} not found")
    return jsonify(BOOKS[book_id])


@app.put("/books/<int:book_id>")
@use_args(BookInSchema, location="json")
def update_book(args, book_id):
    """Replace a book.
    ---
    put:
      parameters:
      - BookId
      requestBody:
        required: true
        content:
          application/json:
            schema: BookInSchema
      responses:
        200:
          description: the book replaced
          content:
            application/json:
              schema: BookSchema
        400:
          description: the body is not JSON
          content:
            application/json:
              schema: ErrorSchema
        404:
          description: no such book
          content:
            application/json:
              schema: NotFoundSchema
        422:
          description: invalid book
          content:
            application/json:
              schema: ErrorSchema
    """
    book = BOOKS[book_id]
    book.clear()
    book.update(args, id=book_id)
    return jsonify(book)


@app.delete("/books/<int:book_id>")
def delete_book(book_id):
    """Delete a book.
    ---
    delete:
      parameters:
      - BookId
      responses:
        204:
          description: the book was deleted
        404:
          description: no such book
          content:
            application/json:
              schema: NotFoundSchema
    """
    if BOOKS.pop(book_id, None) is None:
        abort(404, description=f"Book {book_id} not found")
    return "", 204


class FlaskPlugin(BasePlugin):
    """apispec-webframeworks' FlaskPlugin (not packaged for Debian), cut down:
    the path comes from the view's URL rule, the operations from the YAML
    after '---' in its docstring."""

    def path_helper(self, path=None, operations=None, parameters=None, *, view=None, **kwargs):
        rule = next(r for r in app.url_map.iter_rules() if app.view_functions[r.endpoint] is view)
        operations.update(yaml_utils.load_operations_from_docstring(view.__doc__))
        return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)


spec = APISpec(
    title="Books",
    version="1.0.0",
    openapi_version="3.0.3",
    info={"description": "A small Flask API: webargs validation, apispec description"},
    plugins=[FlaskPlugin(), MarshmallowPlugin()],
)
spec.components.schema("Error", schema=ErrorSchema)
spec.components.schema("NotFound", schema=NotFoundSchema)
spec.components.parameter("BookId", "path", {"name": "book_id", "required": True, "schema": {"type": "integer"}})
with app.test_request_context():
    for view in (list_books, create_book, get_book, update_book, delete_book):
        spec.path(view=view)


@app.get("/openapi.json")
def openapi():
    return jsonify(spec.to_dict())


def main(argv):
    port = 8000
    if "--port" in argv:
        port = int(argv[argv.index("--port") + 1])
    app.run(host="127.0.0.1", port=port)


if __name__ == "__main__":
    main(sys.argv)
