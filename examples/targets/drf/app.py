"""A small Django REST framework API in one file, for errprobe's e2e suite.

Debian 12's Django 3.2 and DRF 3.14 (apt-get install python3-djangorestframework
python3-uritemplate python3-yaml), DEBUG off as in production. DRF generates
the description (rest_framework.schemas.get_schema_view) and serves it at
/openapi.json. Run: /usr/bin/python3 app.py --port N
"""
import itertools
import sys

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="errprobe-drf-target-not-secret",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "rest_framework"],
    MIDDLEWARE=["django.middleware.common.CommonMiddleware"],
    DATABASES={},
    REST_FRAMEWORK={"UNAUTHENTICATED_USER": None},
    LOGGING_CONFIG=None,
)
django.setup()

from django.urls import path  # noqa: E402  (after settings.configure)
from rest_framework import authentication, exceptions, permissions, routers, serializers, status, viewsets  # noqa: E402
from rest_framework.renderers import JSONOpenAPIRenderer  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.schemas import get_schema_view  # noqa: E402
from rest_framework.schemas.openapi import AutoSchema, SchemaGenerator  # noqa: E402
from rest_framework.views import APIView  # noqa: E402

ROLES = {"admin-token": "admin", "reader-token": "reader"}


class TokenUser:
    """The identity a bearer token stands for."""

    is_authenticated = True

    def __init__(self, role):
        self.role = role


class BearerAuthentication(authentication.BaseAuthentication):
    """Custom authentication as DRF's docs show it.

    Defect 1 (careless): no authenticate_header(), so DRF answers a request
    without valid credentials with 403, not 401 with WWW-Authenticate.
    """

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        scheme, _, token = header.partition(" ")
        if scheme != "Bearer" or token not in ROLES:
            raise exceptions.AuthenticationFailed("Invalid bearer token.")
        return TokenUser(ROLES[token]), token


class IsAdmin(permissions.BasePermission):
    """Only the admin role may write."""

    message = "Admin role required."

    def has_permission(self, request, view):
        return getattr(request.user, "role", None) == "admin"


class ItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=50)
    price = serializers.FloatField(min_value=0)
    tags = serializers.ListField(child=serializers.CharField(), required=False)


class SecuredSchema(AutoSchema):
    """AutoSchema that documents the bearer requirement of write actions."""

    def get_operation(self, path, method):
        op = super().get_operation(path, method)
        if method in ("POST", "DELETE"):
            op["security"] = [{"bearerAuth": []}]
        return op


class Generator(SchemaGenerator):
    def get_schema(self, request=None, public=False):
        schema = super().get_schema(request, public)
        schema.setdefault("components", {})["securitySchemes"] = {
            "bearerAuth": {"type": "http", "scheme": "bearer"}}
        return schema


ITEMS = {}
NEXT_ID = itertools.count(1)
for _name in ("ham", "eggs", "spam"):
    _id = next(NEXT_ID)
    ITEMS[_id] = {"id": _id, "name": _name, "price": 1.5, "tags": ["food"]}


class ItemViewSet(viewsets.GenericViewSet):
    """Items: list, create, retrieve, destroy."""

    serializer_class = ItemSerializer
    authentication_classes = [BearerAuthentication]
    lookup_value_regex = "[0-9]+"
    schema = SecuredSchema()

    def get_permissions(self):
        if self.action in ("create", "destroy"):
            return [permissions.IsAuthenticated(), IsAdmin()]
        return [permissions.AllowAny()]

    def list(self, request):
        return Response(list(ITEMS.values()))

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = dict(serializer.validated_data, id=next(NEXT_ID))
        item.setdefault("tags", [])
        ITEMS[item["id"]] = item
        return Response(item, status=status.HTTP_201_CREATED)

    def retrieve(self, request, pk=None):
        item = ITEMS.get(int(pk))
        if item is None:
            raise exceptions.NotFound()
        return Response(item)

    def destroy(self, request, pk=None):
        # Defect 2 (careless): no existence check, so an unknown id is a
        # KeyError, which Django answers with its HTML 500 page.
        del ITEMS[int(pk)]
        return Response(status=status.HTTP_204_NO_CONTENT)


class Health(APIView):
    schema = None
    authentication_classes = []

    def get(self, request):
        return Response({"status": "ok"})


router = routers.SimpleRouter(trailing_slash=False)
router.register("items", ItemViewSet, basename="item")

urlpatterns = [
    path("health", Health.as_view()),
    path("openapi.json", get_schema_view(
        title="Items", description="A small Django REST framework API", version="1.0.0",
        generator_class=Generator, public=True, renderer_classes=[JSONOpenAPIRenderer], authentication_classes=[],
    )),
] + router.urls


def main(argv):
    port = "8000"
    if "--port" in argv:
        port = argv[argv.index("--port") + 1]
    from django.core.management import execute_from_command_line
    execute_from_command_line([argv[0], "runserver", "--noreload", "127.0.0.1:" + port])


if __name__ == "__main__":
    main(sys.argv)
