"""The offline answers for pulumi_random's resources: values of the shape the provider outputs."""
import re

from stackcheck.random_outputs import draws_outputs, random_outputs

UUID = "random:index/randomUuid:RandomUuid"


def test_each_resource_gets_values_of_its_outputs_shape_the_same_on_every_run():
    resource_id, uuid = random_outputs(UUID, "external-id", {})
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", uuid["result"])
    assert resource_id == uuid["result"] and random_outputs(UUID, "external-id", {}) == (resource_id, uuid)
    assert random_outputs(UUID, "another", {})[1]["result"] != uuid["result"]

    _, text = random_outputs("random:index/randomString:RandomString", "s",
                             {"length": 12, "special": False, "upper": False})
    assert re.fullmatch(r"[a-z0-9]{12}", text["result"])
    _, password = random_outputs("random:index/randomPassword:RandomPassword", "p", {"length": 20})
    assert len(password["result"]) == 20 and password["bcryptHash"].startswith("$2a$10$")

    random_id, ids = random_outputs("random:index/randomId:RandomId", "i", {"byteLength": 4})
    assert re.fullmatch(r"[0-9a-f]{8}", ids["hex"]) and int(ids["hex"], 16) == int(ids["dec"])
    assert random_id == ids["b64Url"] and ids["b64Std"]

    pet, outputs = random_outputs("random:index/randomPet:RandomPet", "pet", {"length": 3, "separator": "_"})
    assert re.fullmatch(r"[a-z]+_[a-z]+_[a-z]+", pet) and outputs == {"length": 3, "separator": "_"}

    _, integer = random_outputs("random:index/randomInteger:RandomInteger", "n", {"min": 5, "max": 7})
    assert integer["result"] in (5, 6, 7)
    _, shuffle = random_outputs("random:index/randomShuffle:RandomShuffle", "az",
                                {"inputs": ["a", "b", "c"], "resultCount": 2})
    assert len(shuffle["results"]) == 2 and set(shuffle["results"]) <= {"a", "b", "c"}


def test_types_it_does_not_know_get_no_answer():
    assert not draws_outputs("random:index/randomSomethingNew:RandomSomethingNew")
    assert random_outputs("random:index/randomSomethingNew:RandomSomethingNew", "x", {}) is None
    assert not draws_outputs("acme:index/randomUuid:RandomUuid")
