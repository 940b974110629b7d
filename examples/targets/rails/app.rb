# A one-file Rails API app (Debian 12's Rails 6.1: apt-get install
# ruby-railties ruby-actionpack ruby-activemodel ruby-webrick), in production
# mode so Rails answers errors the way a deployed app does
# (ActionDispatch::ShowExceptions + PublicExceptions). The controller is what
# `rails generate scaffold --api` writes, with an ActiveModel model instead
# of ActiveRecord and token authentication from ActionController.
# scripts/record-errorshapes.sh records its error answers.
#
#   ruby app.rb --port 18307
require "optparse"
require "logger"
require "rails"
require "action_controller/railtie"
require "active_model"
require "rack/handler/webrick"

port = 3000
OptionParser.new { |o| o.on("--port N", Integer) { |n| port = n } }.parse!

class ItemsApp < Rails::Application
  config.load_defaults 6.1
  config.api_only = true
  config.eager_load = false
  config.consider_all_requests_local = false
  config.secret_key_base = "errprobe-rails-target-not-secret"
  config.hosts.clear
  config.logger = Logger.new($stderr)
  config.log_level = :warn
end

# Item is the resource: an ActiveModel with the validations a scaffold's
# model would carry.
class Item
  include ActiveModel::Model
  include ActiveModel::Serializers::JSON
  attr_accessor :id, :name, :price

  def self.attribute_names
    %w[name price]
  end
  validates :name, presence: true, length: { maximum: 50 }
  validates :price, numericality: { greater_than_or_equal_to: 0 }

  def attributes
    { "id" => id, "name" => name, "price" => price }
  end
end

ITEMS = {}
[["ham", 1.5], ["eggs", 1.5], ["spam", 1.5]].each_with_index do |(name, price), i|
  ITEMS[i + 1] = Item.new(id: i + 1, name: name, price: price)
end

class ItemsController < ActionController::API
  include ActionController::HttpAuthentication::Token::ControllerMethods
  # What config/initializers/wrap_parameters.rb of a generated app turns on.
  wrap_parameters format: [:json]
  before_action :authenticate, only: %i[create destroy]
  before_action :set_item, only: %i[show destroy]

  def index
    render json: ITEMS.values
  end

  def show
    render json: @item
  end

  def create
    @item = Item.new(item_params.merge(id: ITEMS.keys.max.to_i + 1))
    if @item.valid?
      ITEMS[@item.id] = @item
      render json: @item, status: :created
    else
      render json: @item.errors, status: :unprocessable_entity
    end
  end

  def destroy
    ITEMS.delete(@item.id)
  end

  private

  # A careless slip: Integer() raises for "abc", which Rails answers with 500.
  def set_item
    @item = ITEMS[Integer(params[:id])]
    render json: { error: "Item not found" }, status: :not_found unless @item
  end

  def item_params
    params.require(:item).permit(:name, :price)
  end

  ROLES = { "admin-token" => "admin", "reader-token" => "reader" }.freeze

  def authenticate
    role = authenticate_with_http_token { |token, _| ROLES[token] }
    return request_http_token_authentication unless role

    render json: { error: "Admin role required" }, status: :forbidden unless role == "admin"
  end
end

class HealthController < ActionController::API
  def show
    render json: { status: "ok" }
  end
end

ItemsApp.initialize!
ItemsApp.routes.draw do
  get "/health", to: "health#show"
  resources :items, only: %i[index show create destroy]
end

Rack::Handler::WEBrick.run(ItemsApp, Host: "127.0.0.1", Port: port, AccessLog: [], Logger: WEBrick::Log.new($stderr, WEBrick::Log::WARN))
